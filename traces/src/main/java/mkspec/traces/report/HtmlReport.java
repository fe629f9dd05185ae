package mkspec.traces.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mkspec.traces.report.ReportModel.Broken;
import mkspec.traces.report.ReportModel.InstanceView;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.SpawnedView;
import mkspec.traces.report.ReportModel.StateView;
import mkspec.traces.report.ReportModel.StepView;

/**
 * Lays a {@link ReportModel} out as one self-contained HTML page: inline CSS, inline SVG, no scripts, no fonts or
 * anything else fetched, so it opens the same from a CI artefact, a mail attachment or a laptop offline.
 *
 * <p>The page is a header (name, verdict, profile, machine), the invariants the trace broke, then a timeline of
 * steps; each step shows its result against what was expected, what it broke, and the state after it: flags,
 * memory map, instances and spawned kernels with their handover FDT as DTS. Steps with nothing to say keep their
 * state folded in a {@code <details>}, which needs no script to open.
 *
 * <p>The markup is also well-formed XML (every element closed, only the five XML escapes and numeric character
 * references), so tests and tools can parse it with any XML parser. All model text is escaped by {@link Text}.
 */
public final class HtmlReport {

    private static final String CSS = """
            :root { color-scheme: light; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --soft: #f8fafc;
              --bad: #b91c1c; --bad-bg: #fef2f2; --bad-line: #fecaca; --ok: #15803d; --ok-bg: #f0fdf4;
              --ok-line: #bbf7d0; --warn: #92400e; --warn-bg: #fffbeb; --warn-line: #fde68a; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f1f5f9; color: var(--ink);
              font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
            code, pre, .mono { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono',
              monospace; font-size: 13px; }
            .page { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
            header.top { background: #fff; border: 1px solid var(--line); border-top: 6px solid var(--bad);
              border-radius: 12px; padding: 18px 24px 20px; }
            header.top.pass { border-top-color: var(--ok); }
            .kicker { margin: 0; color: var(--muted); font-size: 12px; letter-spacing: .08em;
              text-transform: uppercase; }
            h1 { margin: 2px 0 10px; font-size: 26px; line-height: 1.25; overflow-wrap: anywhere; }
            h2 { margin: 28px 0 12px; font-size: 19px; }
            h3 { margin: 0; font-size: 15px; font-weight: 600; }
            h4 { margin: 14px 0 6px; font-size: 13px; color: #334155; text-transform: uppercase;
              letter-spacing: .05em; }
            .verdict { margin: 0 0 14px; padding: 9px 14px; border-radius: 8px; font-size: 16px; font-weight: 600;
              color: var(--bad); background: var(--bad-bg); border: 1px solid var(--bad-line); }
            .pass .verdict { color: var(--ok); background: var(--ok-bg); border-color: var(--ok-line); }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; overflow-wrap: anywhere; }
            .description { margin: 12px 0 0; white-space: pre-wrap; color: #334155; }
            nav.strip { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 14px; }
            nav.strip a { min-width: 30px; padding: 2px 8px; border-radius: 6px; text-align: center;
              text-decoration: none; font-weight: 600; font-size: 13px; border: 1px solid var(--line);
              color: #334155; background: var(--soft); }
            nav.strip a.bad { color: #fff; background: var(--bad); border-color: var(--bad); }
            nav.strip a.carried { color: var(--warn); background: var(--warn-bg); border-color: var(--warn-line); }
            .invariant { background: #fff; border: 1px solid var(--bad-line); border-left: 5px solid var(--bad);
              border-radius: 8px; padding: 10px 16px; margin: 0 0 10px; }
            .invariant p { margin: 4px 0; }
            .statement { color: #334155; font-style: italic; }
            ul.details { margin: 6px 0 2px; padding-left: 20px; }
            ul.details li { overflow-wrap: anywhere; }
            ol.timeline { list-style: none; margin: 0; padding: 0; position: relative; }
            ol.timeline::before { content: ""; position: absolute; left: 17px; top: 8px; bottom: 8px; width: 2px;
              background: #cbd5e1; }
            li.step { position: relative; padding-left: 52px; margin: 0 0 16px; }
            .marker { position: absolute; left: 0; top: 10px; width: 36px; height: 36px; border-radius: 50%;
              background: #fff; border: 2px solid #94a3b8; color: #334155; text-align: center;
              line-height: 32px; font-weight: 700; }
            li.step.ok .marker { border-color: var(--ok); color: var(--ok); }
            li.step.bad .marker { background: var(--bad); border-color: var(--bad); color: #fff; }
            .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px;
              min-width: 0; }
            li.step.bad .card { border-color: #fca5a5; box-shadow: 0 1px 0 1px var(--bad-line); }
            .stephead { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; }
            .steptext { background: #f1f5f9; padding: 2px 8px; border-radius: 5px; font-size: 13.5px;
              overflow-wrap: anywhere; }
            .where { color: var(--muted); font-size: 12.5px; }
            .results { margin: 8px 0 0; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
            .label { color: var(--muted); font-size: 13px; }
            .chip { display: inline-block; padding: 0 9px; border-radius: 999px; font-size: 12.5px;
              font-weight: 600; border: 1px solid var(--line); background: var(--soft); color: #334155; }
            .chip.ok { color: var(--ok); background: var(--ok-bg); border-color: var(--ok-line); }
            .chip.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad-line); }
            .chip.warn { color: var(--warn); background: var(--warn-bg); border-color: var(--warn-line); }
            .differs { margin: 10px 0 0; padding: 7px 12px; border-radius: 6px; background: var(--bad-bg);
              border: 1px solid var(--bad-line); color: var(--bad); overflow-wrap: anywhere; }
            .broken { margin: 10px 0 0; padding: 8px 14px; border-left: 4px solid var(--bad);
              background: var(--bad-bg); border-radius: 0 8px 8px 0; }
            .broken p { margin: 2px 0; }
            .still-broken { margin: 10px 0 0; color: var(--warn); font-size: 13.5px; }
            .refinement { margin: 10px 0 0; padding: 8px 14px; border-left: 4px solid #d97706;
              background: var(--warn-bg); border-radius: 0 8px 8px 0; }
            .refinement p { margin: 0; font-weight: 600; color: var(--warn); }
            ul.changes { list-style: none; margin: 10px 0 0; padding: 0; font-size: 13.5px; }
            ul.changes li { margin: 2px 0; padding-left: 84px; text-indent: -84px; overflow-wrap: anywhere; }
            ul.changes li.bad { color: var(--bad); font-weight: 600; }
            .aspect { display: inline-block; width: 78px; margin-right: 6px; text-indent: 0; text-align: right;
              color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .nochange { margin: 10px 0 0; color: var(--muted); font-size: 13.5px; }
            details.state { margin: 12px 0 0; border-top: 1px dashed var(--line); padding-top: 8px; }
            details.state > summary { cursor: pointer; font-weight: 600; color: #334155; }
            details.regions > summary { cursor: pointer; color: #334155; font-size: 13.5px; margin-top: 6px; }
            .unchanged { margin: 10px 0 0; color: var(--muted); font-size: 13.5px; }
            .flags { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0 0; }
            .flag { padding: 1px 9px; border-radius: 6px; font-size: 13px; background: var(--soft);
              border: 1px solid var(--line); color: #334155; }
            .flag.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad-line);
              font-weight: 600; }
            .mapwrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 4px;
              background: #fff; }
            svg.memmap { display: block; }
            .tablewrap { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
            table.lanes td { padding: 2px 6px; }
            th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
              vertical-align: top; }
            th, td.mono, td.num, td code { white-space: nowrap; }
            th { color: var(--muted); font-weight: 600; background: var(--soft); }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.overlap td { background: var(--bad-bg); }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px;
              border: 1px solid #94a3b8; vertical-align: baseline; }
            .kernel { margin: 8px 0 0; }
            .kernel p { margin: 0 0 4px; }
            pre.dts { margin: 0; padding: 10px 14px; border-radius: 8px; background: #0f172a; color: #e2e8f0;
              overflow: auto; max-height: 460px; line-height: 1.45; tab-size: 4; }
            .readback { margin: 8px 0 4px; color: var(--ok); font-weight: 600; }
            .readback.bad { color: var(--bad); }
            pre.diff span.wrote { color: #fca5a5; }
            pre.diff span.read { color: #86efac; }
            pre.trace { margin: 0; padding: 10px 14px; border-radius: 8px; background: #fff;
              border: 1px solid var(--line); overflow: auto; max-height: 460px; line-height: 1.45; }
            .cpus { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0 0; }
            .cpu { padding: 1px 8px; border-radius: 5px; font-size: 13px; border: 1px solid var(--line);
              white-space: nowrap; }
            .cpu.host { background: var(--soft); color: #334155; }
            .cpu.instance { background: #d5ecfa; border-color: #8fcdf2; color: #0b2a55; }
            .cpu.pool { background: #e8edf4; border-color: #94a3b8; color: #334155; font-style: italic; }
            .cpu.off { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #e2e8f0 4px, #e2e8f0 8px);
              color: var(--muted); }
            .cpu.shared { background: var(--bad-bg); border-color: var(--bad); color: var(--bad); font-weight: 600; }
            .muted { color: var(--muted); }
            footer { margin-top: 28px; color: var(--muted); font-size: 12.5px; text-align: center; }
            @media print { body { background: #fff; } .card, header.top { box-shadow: none; }
              pre.dts { max-height: none; } }
            """;

    private final ReportModel model;
    private final StringBuilder out = new StringBuilder(32_768);

    private HtmlReport(ReportModel model) {
        this.model = model;
    }

    /**
     * The HTML page of {@code model}, ending in a newline.
     *
     * @throws IllegalArgumentException if a memory map has a negative start or size
     */
    public static String render(ReportModel model) {
        HtmlReport report = new HtmlReport(model);
        report.document();
        return report.out.toString();
    }

    private void document() {
        boolean failing = false;
        for (int position = 0; position < model.steps().size(); position++) {
            failing |= bad(position) || !model.steps().get(position).carried().isEmpty();
        }
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>mkspec report: ").append(Text.html(model.name())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<div class=\"page\">\n");
        header(failing);
        out.append("<main>\n");
        brokenInvariants();
        swimlanes();
        timeline();
        model.traceYaml().ifPresent(this::embeddedTrace);
        out.append("</main>\n<footer>Written by mkspec. Replay it in the report folder with <code>")
                .append(ReportFacts.REPLAY_IN_FOLDER).append("</code>")
                .append(model.traceYaml().isPresent() ? ", or save the trace above as trace.yaml and run <code>mkspec replay "
                        + "trace.yaml</code>" : "")
                .append(" (<code>mkspec</code> is the launcher at the root of a mkspec checkout). ")
                .append("This page is self-contained: no scripts, nothing fetched.</footer>\n");
        out.append("</div>\n</body>\n</html>\n");
    }

    private void header(boolean failing) {
        out.append("<header class=\"top").append(failing ? "" : " pass").append("\">\n")
                .append("<p class=\"kicker\">mkspec failing-case report</p>\n")
                .append("<h1>").append(Text.html(model.name())).append("</h1>\n")
                .append("<p class=\"verdict\">").append(Text.html(model.verdict())).append("</p>\n")
                .append("<dl class=\"facts\">\n")
                .append("<dt>profile</dt><dd><code>").append(Text.html(model.profile())).append("</code></dd>\n")
                .append("<dt>machine</dt><dd>").append(Text.html(model.machine())).append("</dd>\n")
                .append("<dt>steps</dt><dd>").append(model.steps().size()).append("</dd>\n")
                .append("<dt>replay</dt><dd><code>").append(ReportFacts.REPLAY_IN_FOLDER)
                .append("</code> in the report folder (<a href=\"trace.yaml\">trace.yaml</a>)")
                .append(model.traceYaml().isPresent() ? "; the trace is also <a href=\"#trace\">embedded below</a>" : "")
                .append("</dd>\n</dl>\n");
        model.description().ifPresent(text ->
                out.append("<p class=\"description\">").append(Text.htmlBlock(text)).append("</p>\n"));
        if (!model.steps().isEmpty()) {
            out.append("<nav class=\"strip\" aria-label=\"steps\">");
            for (int position = 0; position < model.steps().size(); position++) {
                StepView step = model.steps().get(position);
                String kind = bad(position) ? " class=\"bad\""
                        : !step.carried().isEmpty() ? " class=\"carried\"" : "";
                out.append("<a href=\"#step-").append(step.index()).append('"').append(kind).append(" title=\"")
                        .append(Text.html(step.text())).append("\">").append(step.index()).append("</a>");
            }
            out.append("</nav>\n");
        }
        out.append("</header>\n");
    }

    /** The trace itself, to read and to save as trace.yaml, so a page that travelled alone can still be replayed. */
    private void embeddedTrace(String yaml) {
        out.append("<section id=\"trace\">\n<h2>Trace</h2>\n<p class=\"muted\">The trace this report replays. ")
                .append("<a download=\"trace.yaml\" href=\"data:text/yaml;charset=utf-8,").append(percentEncoded(yaml))
                .append("\">Save it as trace.yaml</a> and run <code>mkspec replay trace.yaml</code>.</p>\n")
                .append("<pre class=\"trace\">").append(Text.htmlBlock(yaml)).append("</pre>\n</section>\n");
    }

    /** {@code text} as UTF-8 with every byte outside the URI's unreserved characters percent-encoded. */
    private static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private void brokenInvariants() {
        Map<String, List<Integer>> stepsById = ReportFacts.brokenBy(model);
        if (stepsById.isEmpty()) {
            return;
        }
        out.append("<section>\n<h2>Broken invariants</h2>\n");
        for (var entry : stepsById.entrySet()) {
            String id = entry.getKey();
            out.append("<div class=\"invariant\">\n<h3><code>").append(Text.html(id)).append("</code> broken at ");
            List<String> links = new ArrayList<>();
            for (int index : entry.getValue()) {
                links.add("<a href=\"#step-" + index + "\">step " + index + "</a>");
            }
            out.append(String.join(", ", links)).append("</h3>\n<p class=\"statement\">")
                    .append(Text.html(ReportFacts.statement(model, id))).append("</p>\n");
            for (StepView step : model.steps()) {
                for (Broken broken : step.broken()) {
                    if (broken.id().equals(id)) {
                        details(broken.details());
                    }
                }
            }
            out.append("</div>\n");
        }
        out.append("</section>\n");
    }

    /** For a trace whose steps name threads: a table with one lane per thread, each step in its thread's lane. */
    private void swimlanes() {
        int threads = model.threads();
        if (threads == 0) {
            return;
        }
        out.append("<section>\n<h2>Threads</h2>\n<div class=\"tablewrap\"><table class=\"lanes\">\n<tr><th>#</th>");
        for (int t = 1; t <= threads; t++) {
            out.append("<th>thread ").append(t).append("</th>");
        }
        out.append("</tr>\n");
        for (StepView step : model.steps()) {
            out.append("<tr><td><a href=\"#step-").append(step.index()).append("\">").append(step.index())
                    .append("</a></td>");
            for (int t = 1; t <= threads; t++) {
                out.append("<td>");
                if (t == step.thread()) {
                    out.append("<code>").append(Text.html(step.text())).append("</code>");
                }
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n</section>\n");
    }

    private void details(List<String> details) {
        if (details.isEmpty()) {
            return;
        }
        out.append("<ul class=\"details\">");
        for (String detail : details) {
            out.append("<li>").append(Text.html(detail)).append("</li>");
        }
        out.append("</ul>\n");
    }

    private void timeline() {
        out.append("<section>\n<h2>Steps</h2>\n");
        if (model.steps().isEmpty()) {
            out.append("<p class=\"muted\">The trace has no steps.</p>\n</section>\n");
            return;
        }
        out.append("<ol class=\"timeline\">\n");
        model.initial().ifPresent(this::initial);
        for (int position = 0; position < model.steps().size(); position++) {
            step(position);
        }
        out.append("</ol>\n</section>\n");
    }

    /** Whether the step at {@code position} went wrong: it differed, broke an invariant or crashed the host. */
    private boolean bad(int position) {
        StepView step = model.steps().get(position);
        return step.differs().isPresent() || !step.broken().isEmpty() || ReportFacts.crashedHere(model, position);
    }

    private void step(int position) {
        StepView step = model.steps().get(position);
        out.append("<li class=\"step ").append(bad(position) ? "bad" : "ok").append("\" id=\"step-")
                .append(step.index())
                .append("\">\n<span class=\"marker\">").append(step.index()).append("</span>\n<div class=\"card\">\n");
        out.append("<div class=\"stephead\"><h3><code class=\"steptext\">").append(Text.html(step.text()))
                .append("</code></h3>");
        if (step.line() > 0) {
            out.append("<span class=\"where\">trace.yaml line ").append(step.line()).append("</span>");
        }
        out.append("</div>\n<div class=\"results\"><span class=\"label\">result</span> <span class=\"chip ")
                .append(step.differs().isPresent() || ReportFacts.crashedHere(model, position) ? "bad"
                        : "ok".equals(step.actual()) ? "ok" : "")
                .append("\">").append(Text.html(step.actual())).append("</span>");
        step.expected().ifPresent(word -> out.append(" <span class=\"label\">expected</span> <span class=\"chip\">")
                .append(Text.html(word)).append("</span>"));
        out.append("</div>\n");
        step.differs().ifPresent(text ->
                out.append("<p class=\"differs\"><strong>Differs:</strong> ").append(Text.html(text)).append("</p>\n"));
        for (Broken broken : step.broken()) {
            out.append("<div class=\"broken\"><p><strong>broke <code>").append(Text.html(broken.id()))
                    .append("</code></strong></p><p class=\"statement\">")
                    .append(Text.html(ReportFacts.statement(model, broken.id()))).append("</p>\n");
            details(broken.details());
            out.append("</div>\n");
        }
        if (!step.carried().isEmpty()) {
            out.append("<p class=\"still-broken\">still broken from earlier steps:");
            for (String id : step.carried()) {
                out.append(" <span class=\"chip warn\">").append(Text.html(id)).append("</span>");
            }
            out.append("</p>\n");
        }
        if (!step.refinement().isEmpty()) {
            out.append("<div class=\"refinement\"><p>the reference differs from the spec</p>\n");
            details(step.refinement());
            out.append("</div>\n");
        }
        changes(position);
        state(position, step);
        out.append("</div>\n</li>\n");
    }

    private void initial(StateView state) {
        out.append("<li class=\"step initial\" id=\"step-0\">\n<span class=\"marker\">0</span>\n<div class=\"card\">\n")
                .append("<div class=\"stephead\"><h3>Initial state</h3><span class=\"where\">before step 1; ")
                .append("every step below lists what it changed</span></div>\n")
                .append("<details class=\"state\"><summary>The machine before step 1</summary>\n");
        stateBody(state, List.of(), "m-initial");
        out.append("</details>\n</div>\n</li>\n");
    }

    /** What the step changed in the machine, one line each, headed by what it is about. */
    private void changes(int position) {
        ReportFacts.before(model, position).ifPresent(before -> {
            List<ReportFacts.Change> changes = ReportFacts.changes(before, model.steps().get(position).after());
            if (changes.isEmpty()) {
                out.append("<p class=\"nochange\">Changed nothing in the machine.</p>\n");
                return;
            }
            out.append("<ul class=\"changes\" aria-label=\"what the step changed\">");
            for (ReportFacts.Change change : changes) {
                out.append("<li").append(change.bad() ? " class=\"bad\"" : "").append("><span class=\"aspect\">")
                        .append(change.aspect().word()).append("</span>").append(Text.html(change.text())).append("</li>");
            }
            out.append("</ul>\n");
        });
    }

    private void state(int position, StepView step) {
        boolean interesting = ReportFacts.hasSomethingToSay(model, position);
        if (!interesting && position > 0 && step.after().equals(model.steps().get(position - 1).after())) {
            int before = model.steps().get(position - 1).index();
            out.append("<p class=\"unchanged\">State unchanged since <a href=\"#step-").append(before)
                    .append("\">step ").append(before).append("</a>.</p>\n");
            return;
        }
        out.append("<details class=\"state\"").append(interesting ? " open=\"open\"" : "")
                .append("><summary>State after step ").append(step.index()).append("</summary>\n");
        stateBody(step.after(), ReportFacts.marks(step), "m" + position);
        out.append("</details>\n");
    }

    private void stateBody(StateView state, List<ReportFacts.Mark> marks, String idPrefix) {
        flags(state);
        cpus(state);
        out.append("<h4>Memory</h4>\n<div class=\"mapwrap\">")
                .append(MemoryMapSvg.render(state.memory(), marks, idPrefix)).append("</div>\n");
        regions(state.memory(), marks);
        instances(state.instances());
        spawned(state.spawned());
    }

    private void flags(StateView state) {
        out.append("<div class=\"flags\">");
        out.append("<span class=\"flag\">online CPUs <code>").append(Text.html(state.onlineCpus()))
                .append("</code></span>");
        state.poolCpus().ifPresent(cpus -> out.append("<span class=\"flag\">pool CPUs <code>").append(Text.html(cpus))
                .append("</code></span>"));
        for (ReportModel.Fact fact : state.facts()) {
            out.append("<span class=\"flag").append(fact.bad() ? " bad" : "").append("\">").append(Text.html(fact.name()))
                    .append(": ").append(Text.html(fact.value())).append("</span>");
        }
        state.crashed().ifPresentOrElse(
                site -> out.append("<span class=\"flag bad\">crashed: ").append(Text.html(site)).append("</span>"),
                () -> out.append("<span class=\"flag\">not crashed</span>"));
        out.append("</div>\n");
    }

    /** One box per CPU saying who has it, so a CPU two instances share (D5) or nobody has stands out. */
    private void cpus(StateView state) {
        out.append("<h4>CPUs</h4>\n<div class=\"cpus\">");
        for (ReportFacts.CpuOwner cpu : ReportFacts.cpus(state)) {
            String kind = cpu.contested() ? "shared" : !cpu.owners().isEmpty() ? "instance" : cpu.pooled() ? "pool"
                    : cpu.online() ? "host" : "off";
            out.append("<span class=\"cpu ").append(kind).append("\" title=\"CPU ").append(cpu.cpu()).append(": ")
                    .append(Text.html(cpu.who())).append(cpu.contested() ? " (shared)" : "")
                    .append(cpu.online() ? ", online on the host" : ", offline on the host")
                    .append(cpu.pooled() ? ", in the pool" : "").append("\"><strong>")
                    .append(cpu.cpu()).append("</strong> ").append(Text.html(cpu.who()))
                    .append(cpu.contested() ? " \u2716" : "").append("</span>");
        }
        out.append("</div>\n");
    }

    private void regions(MemoryMap map, List<ReportFacts.Mark> marks) {
        if (map.regions().isEmpty()) {
            return;
        }
        List<List<Integer>> partners = MapLayout.overlapPartners(map);
        out.append("<details class=\"regions\"><summary>Regions (").append(map.regions().size())
                .append(")</summary>\n<div class=\"tablewrap\"><table>\n<thead><tr><th class=\"num\">#</th>")
                .append("<th>start</th><th>last byte</th><th class=\"num\">size</th><th>kind</th><th>owner</th>")
                .append("<th>overlaps</th><th>note</th></tr></thead>\n<tbody>\n");
        for (int i : ReportFacts.byAddress(map)) {
            Region r = map.regions().get(i);
            List<String> overlapping = new ArrayList<>();
            for (int j : partners.get(i)) {
                overlapping.add("#" + j);
            }
            List<String> named = new ArrayList<>();
            for (ReportFacts.Mark mark : ReportFacts.namedBy(marks, r)) {
                named.add("<strong>" + Text.html(mark.why()) + " <code>" + Text.html(mark.name()) + "</code></strong>");
            }
            out.append("<tr").append(overlapping.isEmpty() && named.isEmpty() ? "" : " class=\"overlap\"")
                    .append("><td class=\"num\">")
                    .append(i).append("</td><td class=\"mono\">").append(Text.hex(r.start()))
                    .append("</td><td class=\"mono\">").append(Text.lastByte(r.start(), r.size()))
                    .append("</td><td class=\"num\" title=\"").append(r.size()).append(" bytes\">")
                    .append(Text.size(r.size())).append("</td><td><span class=\"swatch\" style=\"background:")
                    .append(MemoryMapSvg.style(r.kind()).fill()).append("\"></span>")
                    .append(MemoryMapSvg.style(r.kind()).label()).append("</td><td><code>")
                    .append(Text.html(r.owner())).append("</code></td><td>").append(String.join(", ", overlapping))
                    .append("</td><td>").append(named.isEmpty() ? "" : String.join("; ", named) + " ")
                    .append(Text.html(r.note()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table></div>\n</details>\n");
    }

    private void instances(List<InstanceView> instances) {
        out.append("<h4>Instances</h4>\n");
        if (instances.isEmpty()) {
            out.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        List<String> columns = ReportFacts.columns(instances);
        out.append("<div class=\"tablewrap\"><table>\n<thead><tr><th>name</th><th class=\"num\">id</th>")
                .append("<th>status</th><th>CPUs</th><th class=\"num\">memory</th><th>image</th>");
        for (String heading : columns) {
            out.append(ReportFacts.column(instances, heading) ? "<th class=\"num\">" : "<th>").append(Text.html(heading))
                    .append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (InstanceView instance : instances) {
            out.append("<tr><td><code>").append(Text.html(instance.name())).append("</code></td><td class=\"num\">")
                    .append(instance.id()).append("</td><td>").append(Text.html(instance.status()))
                    .append("</td><td><code>").append(Text.html(instance.cpus())).append("</code></td>")
                    .append("<td class=\"num\" title=\"").append(instance.memoryBytes()).append(" bytes\">")
                    .append(Text.size(instance.memoryBytes())).append("</td><td>")
                    .append(instance.image().map(Text::html).orElse("<span class=\"muted\">none</span>")).append("</td>");
            for (String heading : columns) {
                out.append(ReportFacts.column(instances, heading) ? "<td class=\"num\">" : "<td>")
                        .append(Text.html(ReportFacts.value(instance, heading))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }

    private void spawned(List<SpawnedView> spawned) {
        out.append("<h4>Spawned kernels</h4>\n");
        if (spawned.isEmpty()) {
            out.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        for (SpawnedView kernel : spawned) {
            out.append("<div class=\"kernel\"><p><code>").append(Text.html(kernel.name())).append("</code> (id ")
                    .append(kernel.id()).append(") on ").append(Text.html(Text.cpus(kernel.cpus()))).append(" \u00b7 ")
                    .append(Text.html(kernel.tree())).append(' ').append(kernel.treeBytes()).append(" bytes \u00b7 ")
                    .append(Text.html(kernel.boot()))
                    .append("</p>\n<pre class=\"dts\">").append(Text.htmlBlock(kernel.treeDts()))
                    .append("</pre>\n");
            kernel.read().ifPresent(read -> {
                boolean same = read.differing() == 0;
                out.append("<p class=\"readback").append(same ? "" : " bad").append("\">")
                        .append(Text.html(ReportFacts.readSentence(read, kernel.treeDts()))).append("</p>\n");
                if (!same && !read.dts().equals(kernel.treeDts())) {
                    out.append("<pre class=\"dts diff\" aria-label=\"what exec wrote (-) against what the kernel read (+)\">");
                    for (String line : ReportFacts.lineDiff(kernel.treeDts(), read.dts())) {
                        String kind = line.startsWith("- ") ? "wrote" : line.startsWith("+ ") ? "read" : "both";
                        out.append("<span class=\"").append(kind).append("\">").append(Text.htmlBlock(line))
                                .append("</span>\n");
                    }
                    out.append("</pre>\n");
                }
            });
            out.append("</div>\n");
        }
    }
}
