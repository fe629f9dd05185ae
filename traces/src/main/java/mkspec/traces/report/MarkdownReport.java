package mkspec.traces.report;

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
 * Lays a {@link ReportModel} out as GitHub-flavoured Markdown that also reads as plain text in a terminal: a header,
 * one table of every step, each broken invariant with its statement and details, then the state after each step
 * that has something to say (a broken invariant, a mismatch, a refinement difference, a crash, or the last step).
 *
 * <p>Model text goes through {@link Text}: prose is backslash-escaped, names sit in code spans with fences longer
 * than any backtick run in them, {@code |} is escaped inside tables, and DTS blocks get fences longer than any run
 * inside, so no name can end a table cell, a code span or a fence early.
 */
public final class MarkdownReport {

    private final ReportModel model;
    private final StringBuilder out = new StringBuilder(8192);

    private MarkdownReport(ReportModel model) {
        this.model = model;
    }

    /**
     * The Markdown text of {@code model}, ending in a newline.
     *
     * @throws IllegalArgumentException if a memory map has a negative start or size
     */
    public static String render(ReportModel model) {
        MarkdownReport report = new MarkdownReport(model);
        report.document();
        return report.out.toString();
    }

    private void document() {
        line("# mkspec report: " + Text.markdown(model.name()));
        line("");
        line("**Verdict:** " + Text.markdown(model.verdict()));
        line("");
        line("| | |");
        line("|---|---|");
        line("| profile | " + Text.markdownCode(model.profile(), true) + " |");
        line("| machine | " + Text.markdown(model.machine()) + " |");
        line("| steps | " + model.steps().size() + " |");
        line("| replay | `" + ReportFacts.REPLAY_IN_FOLDER + "` in the report folder (the launcher at the root of a mkspec"
                + " checkout); the trace is also at the end of this file |");
        model.description().ifPresent(text -> {
            line("");
            for (String paragraphLine : Text.multiLine(text).split("\n", -1)) {
                line(Text.markdown(paragraphLine.strip()));
            }
        });
        stepsTable();
        swimlanes();
        changes();
        brokenInvariants();
        model.initial().ifPresent(initial -> {
            line("");
            line("## Initial state");
            stateFacts(initial, List.of());
        });
        for (int position = 0; position < model.steps().size(); position++) {
            if (ReportFacts.hasSomethingToSay(model, position)) {
                stepSection(model.steps().get(position));
            }
        }
        model.traceYaml().ifPresent(yaml -> {
            line("");
            line("## Trace");
            line("");
            line("Save this as `trace.yaml` and run `mkspec replay trace.yaml` to replay it.");
            line("");
            String body = Text.multiLine(yaml);
            String fence = Text.markdownFence(body);
            line(fence + "yaml");
            line(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
            line(fence);
        });
    }

    private void stepsTable() {
        line("");
        line("## Steps");
        line("");
        if (model.steps().isEmpty()) {
            line("The trace has no steps.");
            return;
        }
        line("| # | step | expected | actual | broken invariants |");
        line("|--:|---|---|---|---|");
        for (StepView step : model.steps()) {
            String actual = Text.markdownCode(step.actual(), true);
            boolean bad = step.differs().isPresent() || !step.broken().isEmpty();
            if (step.differs().isPresent()) {
                actual = "**" + actual + "** (differs)";
            }
            List<String> ids = new ArrayList<>();
            for (Broken broken : step.broken()) {
                ids.add(Text.markdownCode(broken.id(), true));
            }
            String index = bad ? "**" + step.index() + "**" : Integer.toString(step.index());
            line("| " + index + " | " + Text.markdownCode(step.text(), true) + " | "
                    + step.expected().map(word -> Text.markdownCode(word, true)).orElse("") + " | " + actual + " | "
                    + String.join(", ", ids) + " |");
        }
    }

    /**
     * For a trace whose steps name threads: one lane per thread, each step in its thread's lane, so that the
     * interleaving reads top to bottom.
     */
    private void swimlanes() {
        int threads = model.threads();
        if (threads == 0) {
            return;
        }
        line("");
        line("## Threads");
        line("");
        StringBuilder head = new StringBuilder("| # |");
        StringBuilder rule = new StringBuilder("|--:|");
        for (int t = 1; t <= threads; t++) {
            head.append(" thread ").append(t).append(" |");
            rule.append("---|");
        }
        line(head.toString());
        line(rule.toString());
        for (StepView step : model.steps()) {
            StringBuilder row = new StringBuilder("| " + step.index() + " |");
            for (int t = 1; t <= threads; t++) {
                row.append(t == step.thread() ? " " + Text.markdownCode(step.text(), true) + " |" : " |");
            }
            line(row.toString());
        }
    }

    /** Each step as a change from the state before it, after the state the trace starts from. */
    private void changes() {
        if (model.steps().isEmpty()) {
            return;
        }
        line("");
        line("## What each step changed");
        model.initial().ifPresent(initial -> {
            line("");
            List<String> instances = new ArrayList<>();
            for (InstanceView instance : initial.instances()) {
                instances.add(Text.markdownCode(instance.name(), false) + " " + Text.markdown(instance.status()));
            }
            long free = 0;
            for (Region r : initial.memory().regions()) {
                free += r.kind() == ReportModel.RegionKind.POOL_FREE ? r.size() : 0;
            }
            StringBuilder facts = new StringBuilder();
            for (ReportModel.Fact fact : initial.facts()) {
                facts.append("; ").append(Text.markdown(fact.name() + " " + fact.value()));
            }
            line("Before step 1: " + (instances.isEmpty() ? "no instances" : "instances " + String.join(", ", instances))
                    + "; free pool " + Text.size(free) + "; online CPUs " + Text.markdownCode(initial.onlineCpus(), false)
                    + facts + ".");
        });
        line("");
        for (int position = 0; position < model.steps().size(); position++) {
            StepView step = model.steps().get(position);
            line("- step " + step.index() + " " + Text.markdownCode(step.text(), false) + ":");
            var before = ReportFacts.before(model, position);
            if (before.isEmpty()) {
                line("  - (the state before it is not known)");
                continue;
            }
            List<ReportFacts.Change> changes = ReportFacts.changes(before.get(), step.after());
            if (changes.isEmpty()) {
                line("  - changed nothing in the machine");
            }
            for (ReportFacts.Change change : changes) {
                String text = change.aspect().word() + ": " + Text.markdown(change.text());
                line("  - " + (change.bad() ? "**" + text + "**" : text));
            }
        }
    }

    private void brokenInvariants() {
        Map<String, List<Integer>> stepsById = ReportFacts.brokenBy(model);
        if (stepsById.isEmpty()) {
            return;
        }
        line("");
        line("## Broken invariants");
        for (var entry : stepsById.entrySet()) {
            String id = entry.getKey();
            line("");
            List<String> at = new ArrayList<>();
            for (int index : entry.getValue()) {
                at.add(Integer.toString(index));
            }
            line("### " + Text.markdownCode(id, false) + " (step " + String.join(", ", at) + ")");
            line("");
            line("> " + Text.markdown(ReportFacts.statement(model, id)));
            for (StepView step : model.steps()) {
                for (Broken broken : step.broken()) {
                    if (broken.id().equals(id) && !broken.details().isEmpty()) {
                        line("");
                        line("At step " + step.index() + ":");
                        line("");
                        for (String detail : broken.details()) {
                            line("- " + Text.markdown(detail));
                        }
                    }
                }
            }
        }
    }

    private void stepSection(StepView step) {
        line("");
        line("## Step " + step.index() + ": " + Text.markdownCode(step.text(), false));
        line("");
        String result = "Result " + Text.markdownCode(step.actual(), false)
                + step.expected().map(word -> ", expected " + Text.markdownCode(word, false)).orElse("");
        if (step.line() > 0) {
            result += " (trace.yaml line " + step.line() + ")";
        }
        line(result + ".");
        step.differs().ifPresent(text -> {
            line("");
            line("**Differs:** " + Text.markdown(text));
        });
        if (!step.broken().isEmpty()) {
            line("");
            line("**Broke:**");
            line("");
            for (Broken broken : step.broken()) {
                line("- " + Text.markdownCode(broken.id(), false) + ": "
                        + Text.markdown(ReportFacts.statement(model, broken.id())));
                for (String detail : broken.details()) {
                    line("  - " + Text.markdown(detail));
                }
            }
        }
        if (!step.carried().isEmpty()) {
            line("");
            List<String> ids = new ArrayList<>();
            for (String id : step.carried()) {
                ids.add(Text.markdownCode(id, false));
            }
            line("**Still broken from earlier steps:** " + String.join(", ", ids));
        }
        if (!step.refinement().isEmpty()) {
            line("");
            line("**The reference differs from the spec:**");
            line("");
            for (String difference : step.refinement()) {
                line("- " + Text.markdown(difference));
            }
        }
        state(step.index(), step.after(), ReportFacts.marks(step));
    }

    private void state(int index, StateView state, List<ReportFacts.Mark> marks) {
        line("");
        line("### State after step " + index);
        stateFacts(state, marks);
    }

    private void stateFacts(StateView state, List<ReportFacts.Mark> marks) {
        line("");
        line("- online CPUs: " + Text.markdownCode(state.onlineCpus(), false));
        List<String> cpus = new ArrayList<>();
        for (ReportFacts.CpuOwner cpu : ReportFacts.cpus(state)) {
            String entry = cpu.cpu() + " " + Text.markdown(cpu.who());
            cpus.add(cpu.contested() ? "**" + entry + " (shared)**" : entry);
        }
        line("- CPUs: " + String.join(" \u00b7 ", cpus));
        state.poolCpus().ifPresent(pool -> line("- pool CPUs: " + Text.markdownCode(pool, false)));
        for (ReportModel.Fact fact : state.facts()) {
            String value = Text.markdown(fact.value());
            line("- " + Text.markdown(fact.name()) + ": " + (fact.bad() ? "**" + value + "**" : value));
        }
        line("- crashed: " + state.crashed().map(site -> "**" + Text.markdown(site) + "**").orElse("no"));
        instances(state.instances());
        spawned(state.spawned());
        memory(state.memory(), marks);
    }

    private void instances(List<InstanceView> instances) {
        line("");
        line("**Instances**");
        line("");
        if (instances.isEmpty()) {
            line("None.");
            return;
        }
        List<String> columns = ReportFacts.columns(instances);
        StringBuilder head = new StringBuilder("| name | id | status | cpus | memory | image |");
        StringBuilder rule = new StringBuilder("|---|--:|---|---|--:|---|");
        for (String heading : columns) {
            head.append(' ').append(Text.markdown(heading)).append(" |");
            rule.append(ReportFacts.column(instances, heading) ? "--:|" : "---|");
        }
        line(head.toString());
        line(rule.toString());
        for (InstanceView instance : instances) {
            StringBuilder row = new StringBuilder("| " + Text.markdownCode(instance.name(), true) + " | " + instance.id()
                    + " | " + Text.markdown(instance.status()) + " | " + Text.markdownCode(instance.cpus(), true) + " | "
                    + Text.size(instance.memoryBytes()) + " | " + instance.image().map(Text::markdown).orElse("none")
                    + " |");
            for (String heading : columns) {
                row.append(' ').append(Text.markdown(ReportFacts.value(instance, heading))).append(" |");
            }
            line(row.toString());
        }
    }

    private void spawned(List<SpawnedView> spawned) {
        if (spawned.isEmpty()) {
            line("");
            line("**Spawned kernels:** none.");
            return;
        }
        line("");
        line("**Spawned kernels**");
        line("");
        line("| name | id | CPUs | " + Text.markdown(ReportFacts.trees(spawned)) + " | boot |");
        line("|---|--:|--:|--:|---|");
        for (SpawnedView kernel : spawned) {
            line("| " + Text.markdownCode(kernel.name(), true) + " | " + kernel.id() + " | "
                    + Text.markdownCode(kernel.cpus(), true) + " | " + kernel.treeBytes() + " bytes | "
                    + Text.markdown(kernel.boot()) + " |");
        }
        for (SpawnedView kernel : spawned) {
            line("");
            line(Text.markdown(ReportFacts.capitalized(kernel.tree())) + " of " + Text.markdownCode(kernel.name(), false)
                    + " (id " + kernel.id() + ", " + kernel.treeBytes() + " bytes):");
            line("");
            String body = Text.multiLine(kernel.treeDts());
            String fence = Text.markdownFence(body);
            line(fence + "dts");
            line(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
            line(fence);
            kernel.read().ifPresent(read -> {
                line("");
                line(Text.markdown(ReportFacts.readSentence(read, kernel.treeDts())));
                if (read.differing() > 0 && !read.dts().equals(kernel.treeDts())) {
                    String diff = Text.multiLine(String.join("\n", ReportFacts.lineDiff(kernel.treeDts(), read.dts())));
                    String diffFence = Text.markdownFence(diff);
                    line("");
                    line("What exec wrote (`-`) against what the kernel read (`+`):");
                    line("");
                    line(diffFence + "diff");
                    line(diff);
                    line(diffFence);
                }
            });
        }
    }

    private void memory(MemoryMap map, List<ReportFacts.Mark> marks) {
        MapLayout.requireValid(map);
        line("");
        line("**Memory map**: " + Text.markdown(map.band()) + " " + Text.span(map.bandStart(), map.bandSize())
                + (map.pageSize() > 0 ? ", pages of " + Text.size(map.pageSize()) : ""));
        line("");
        if (map.regions().isEmpty()) {
            line("No regions.");
            return;
        }
        List<List<Integer>> partners = MapLayout.overlapPartners(map);
        List<Integer> order = ReportFacts.byAddress(map);
        line("| # | start | last byte | size | kind | owner | where | overlaps | note |");
        line("|--:|---|---|--:|---|---|---|---|---|");
        for (int i : order) {
            Region r = map.regions().get(i);
            String where = MapLayout.touchesBand(map, r)
                    ? (MapLayout.leavesBand(map, r) ? "**" + Text.markdown(map.band()) + " edge**" : Text.markdown(map.band()))
                    : "host";
            List<String> overlapping = new ArrayList<>();
            for (int j : partners.get(i)) {
                overlapping.add("#" + j);
            }
            String overlaps = overlapping.isEmpty() ? "" : "**" + String.join(", ", overlapping) + "**";
            line("| " + i + " | `" + Text.hex(r.start()) + "` | `" + Text.lastByte(r.start(), r.size()) + "` | "
                    + Text.size(r.size()) + " | " + MemoryMapSvg.style(r.kind()).label() + " | "
                    + Text.markdownCode(r.owner(), true) + " | " + where + " | " + overlaps + " | "
                    + named(ReportFacts.namedBy(marks, r)) + Text.markdown(r.note()) + " |");
        }
    }

    private static String named(List<ReportFacts.Mark> marks) {
        List<String> captions = new ArrayList<>();
        for (ReportFacts.Mark mark : marks) {
            captions.add(mark.caption());
        }
        return captions.isEmpty() ? "" : "**" + Text.markdown(String.join("; ", captions)) + "** ";
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
