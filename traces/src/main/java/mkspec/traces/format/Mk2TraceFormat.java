package mkspec.traces.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading and writing mk2 traces: the same YAML reader, limits and positioned problems as format 1, and the mk2 keys.
 *
 * <pre>
 * mkspec-trace: 1
 * kernel: mk2
 * name: n12-instances-disjoint
 * profile: fixed
 * errata: [N12]
 * bounds: {max-tx: 4}
 * steps:
 *   - step: baseline-write(cpus=1,2,3,4, memory=6 pages)
 *     expect: ok
 *   - step: overlay-write(memory-remove db first-region)
 *     expect: {result: ok, violations: [instances-disjoint]}
 * </pre>
 *
 * <p>A step may name its thread ({@code thread: 2}, as format 1's steps may): then each step is one section of a
 * call, and the steps' order is the interleaving.
 */
public final class Mk2TraceFormat {
    private Mk2TraceFormat() {
    }

    private static final Set<String> TOP = Set.of("mkspec-trace", "kernel", "name", "description", "profile", "errata",
        "bounds", "steps");

    /** Whether {@code text} is an mk2 trace: a YAML map whose {@code kernel} is {@code mk2}. */
    public static boolean isMk2(String text) {
        if (text.length() > TraceReader.MAX_BYTES) {
            return false;
        }
        Optional<YamlNode> root = YamlTree.parse(text).root();
        if (root.isEmpty() || !(root.get() instanceof YamlNode.Mapping m)) {
            return false;
        }
        return m.get("kernel").map(e -> e.value() instanceof YamlNode.Scalar s && s.text().equals(Mk2Trace.KERNEL))
            .orElse(false);
    }

    /** The outcome of reading: a trace, or the problems, each positioned. */
    public sealed interface Read permits Read.Accepted, Read.Rejected {
        record Accepted(Mk2Trace trace) implements Read {
        }

        record Rejected(List<TraceProblem> problems) implements Read {
            public Rejected {
                problems = List.copyOf(problems);
            }
        }
    }

    /** Reads an mk2 trace from {@code file}. */
    public static Read read(Path file) {
        String text;
        try {
            if (Files.size(file) > TraceReader.MAX_BYTES) {
                return rejected(file.toString(), new Position(1, 1), "expected a trace of at most "
                    + TraceReader.MAX_BYTES + " bytes (2 MiB)");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                // format 1's reader says where the text stops being UTF-8
                TraceReadResult r = TraceReader.read(bytes, file.toString());
                return r instanceof TraceReadResult.Rejected rj ? new Read.Rejected(rj.problems())
                    : rejected(file.toString(), new Position(1, 1), "expected UTF-8 text");
            }
        } catch (IOException e) {
            return rejected(file.toString(), Position.UNKNOWN, "cannot read the file: " + e.getMessage());
        }
        Read r = read(text, file.toString());
        if (r instanceof Read.Accepted a) {
            Mk2Trace t = a.trace();
            return new Read.Accepted(new Mk2Trace(t.name(), t.description(), t.profile(), t.errata(), t.bounds(), t.steps(),
                Optional.of(file), t.header()));
        }
        return r;
    }

    /** Reads an mk2 trace from text; {@code source} names it in problems. */
    public static Read read(String text, String source) {
        YamlTree.Outcome tree = YamlTree.parse(text);
        List<TraceProblem> problems = new ArrayList<>();
        for (YamlTree.Issue i : tree.issues()) {
            problems.add(new TraceProblem(source, i.position(), i.message()));
        }
        if (tree.root().isEmpty() || !problems.isEmpty()) {
            return problems.isEmpty() ? rejected(source, new Position(1, 1), "expected a trace, found nothing")
                : new Read.Rejected(problems);
        }
        if (!(tree.root().get() instanceof YamlNode.Mapping top)) {
            return rejected(source, tree.root().get().position(), "expected a map, found " + tree.root().get().describe());
        }
        Decoder d = new Decoder(source, problems);
        for (YamlNode.Entry e : top.entries()) {
            if (!TOP.contains(e.key())) {
                d.problem(e.keyPosition(), "unknown key '" + e.key() + "' (an mk2 trace has " + String.join(", ",
                    List.of("mkspec-trace", "kernel", "name", "description", "profile", "errata", "bounds", "steps")) + ")");
            }
        }
        String version = d.scalar(top, "mkspec-trace", true);
        if (version != null && !version.equals("1")) {
            d.problem(top.get("mkspec-trace").get().value().position(), "expected format 1, found " + version);
        }
        String name = d.scalar(top, "name", true);
        String description = d.scalar(top, "description", false);
        String profile = Optional.ofNullable(d.scalar(top, "profile", false)).orElse("fixed");
        if (!profile.equals("fixed") && !profile.equals("mk2")) {
            d.problem(top.get("profile").get().value().position(), "expected profile fixed or mk2, found '" + profile + "'");
        }
        List<String> errata = d.words(top, "errata");
        Map<String, String> bounds = new LinkedHashMap<>();
        top.get("bounds").ifPresent(e -> {
            if (e.value() instanceof YamlNode.Mapping bm) {
                for (YamlNode.Entry b : bm.entries()) {
                    if (b.value() instanceof YamlNode.Scalar s && !s.isNull()) {
                        bounds.put(b.key(), s.text());
                    } else {
                        d.problem(b.value().position(), "bounds: " + b.key() + ": expected a value, found " + b.value().describe());
                    }
                }
            } else {
                d.problem(e.value().position(), "bounds: expected a map, found " + e.value().describe());
            }
        });
        List<Mk2Trace.Step> steps = new ArrayList<>();
        Optional<YamlNode.Entry> se = top.get("steps");
        if (se.isEmpty()) {
            d.problem(top.position(), "steps: missing");
        } else if (!(se.get().value() instanceof YamlNode.Sequence seq)) {
            d.problem(se.get().value().position(), "steps: expected a list, found " + se.get().value().describe());
        } else {
            if (seq.items().size() > TraceReader.MAX_STEPS) {
                d.problem(seq.items().get(TraceReader.MAX_STEPS).position(), "expected at most " + TraceReader.MAX_STEPS
                    + " steps");
            }
            for (YamlNode item : seq.items().subList(0, Math.min(seq.items().size(), TraceReader.MAX_STEPS))) {
                d.step(item).ifPresent(steps::add);
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(TraceProblem::position));
            return new Read.Rejected(problems);
        }
        Position header = top.get("errata").or(() -> top.get("bounds")).or(() -> top.get("profile"))
            .map(YamlNode.Entry::keyPosition).orElse(top.position());
        return new Read.Accepted(new Mk2Trace(name, Optional.ofNullable(description), profile, errata, bounds, steps,
            Optional.empty(), header));
    }

    private static Read rejected(String source, Position at, String message) {
        return new Read.Rejected(List.of(new TraceProblem(source, at, message)));
    }

    /** The decoding of one document, collecting problems. */
    private static final class Decoder {
        private final String source;
        private final List<TraceProblem> problems;

        Decoder(String source, List<TraceProblem> problems) {
            this.source = source;
            this.problems = problems;
        }

        void problem(Position at, String message) {
            problems.add(new TraceProblem(source, at, message));
        }

        String scalar(YamlNode.Mapping m, String key, boolean required) {
            Optional<YamlNode.Entry> e = m.get(key);
            if (e.isEmpty()) {
                if (required) {
                    problem(m.position(), key + ": missing");
                }
                return null;
            }
            if (e.get().value() instanceof YamlNode.Scalar s && !s.isNull() && !s.unsupported()) {
                return s.text();
            }
            problem(e.get().value().position(), key + ": expected a value, found " + e.get().value().describe());
            return null;
        }

        List<String> words(YamlNode.Mapping m, String key) {
            List<String> out = new ArrayList<>();
            Optional<YamlNode.Entry> e = m.get(key);
            if (e.isEmpty()) {
                return out;
            }
            if (!(e.get().value() instanceof YamlNode.Sequence seq)) {
                problem(e.get().value().position(), key + ": expected a list, found " + e.get().value().describe());
                return out;
            }
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s && !s.isNull() && !s.text().isEmpty()) {
                    out.add(s.text());
                } else {
                    problem(item.position(), key + ": expected a word, found " + item.describe());
                }
            }
            return out;
        }

        Optional<Mk2Trace.Step> step(YamlNode item) {
            if (!(item instanceof YamlNode.Mapping m)) {
                problem(item.position(), "a step: expected a map with step and expect, found " + item.describe());
                return Optional.empty();
            }
            for (YamlNode.Entry e : m.entries()) {
                if (!e.key().equals("step") && !e.key().equals("expect") && !e.key().equals("thread")) {
                    problem(e.keyPosition(), "unknown key '" + e.key() + "' in a step (an mk2 step has thread, step, "
                        + "expect)");
                }
            }
            int thread = 0;
            String threadText = m.get("thread").isPresent() ? scalar(m, "thread", false) : null;
            if (threadText != null) {
                try {
                    thread = Integer.parseInt(threadText);
                } catch (NumberFormatException e) {
                    thread = -1;
                }
                if (thread < 1 || thread > Trace.MAX_THREADS) {
                    problem(m.get("thread").get().value().position(), "thread: expected a thread from 1 to "
                        + Trace.MAX_THREADS + ", found " + threadText);
                    thread = 0;
                }
            }
            String action = scalar(m, "step", true);
            Optional<String> result = Optional.empty();
            List<String> violations = List.of();
            Optional<YamlNode.Entry> ex = m.get("expect");
            if (ex.isPresent()) {
                YamlNode v = ex.get().value();
                if (v instanceof YamlNode.Scalar s && !s.isNull()) {
                    result = Optional.of(s.text());
                } else if (v instanceof YamlNode.Mapping em) {
                    for (YamlNode.Entry e : em.entries()) {
                        if (!e.key().equals("result") && !e.key().equals("violations")) {
                            problem(e.keyPosition(), "unknown key '" + e.key() + "' in expect (result, violations)");
                        }
                    }
                    result = Optional.ofNullable(scalar(em, "result", false));
                    violations = words(em, "violations");
                } else {
                    problem(v.position(), "expect: expected a result word or a map, found " + v.describe());
                }
            }
            return action == null ? Optional.empty() : Optional.of(new Mk2Trace.Step(action, result, violations,
                m.position(), thread));
        }
    }

    /** The trace as YAML text, which {@link #read(String, String)} reads back to the same trace. */
    public static String write(Mk2Trace t) {
        StringBuilder out = new StringBuilder();
        out.append("mkspec-trace: 1\nkernel: ").append(Mk2Trace.KERNEL).append('\n');
        out.append("name: ").append(t.name()).append('\n');
        t.description().ifPresent(d -> out.append("description: ").append(quoted(d)).append('\n'));
        out.append("profile: ").append(t.profile()).append('\n');
        if (!t.errata().isEmpty()) {
            out.append("errata: [").append(String.join(", ", t.errata())).append("]\n");
        }
        if (!t.bounds().isEmpty()) {
            List<String> kv = new ArrayList<>();
            new java.util.TreeMap<>(t.bounds()).forEach((k, v) -> kv.add(k + ": " + v));
            out.append("bounds: {").append(String.join(", ", kv)).append("}\n");
        }
        out.append("steps:\n");
        for (Mk2Trace.Step s : t.steps()) {
            if (s.thread() != 0) {
                out.append("  - thread: ").append(s.thread()).append('\n');
                out.append("    step: ").append(quoted(s.action())).append('\n');
            } else {
                out.append("  - step: ").append(quoted(s.action())).append('\n');
            }
            if (s.violations().isEmpty()) {
                s.result().ifPresent(r -> out.append("    expect: ").append(r).append('\n'));
            } else {
                out.append("    expect: {").append(s.result().map(r -> "result: " + r + ", ").orElse(""))
                    .append("violations: [").append(String.join(", ", s.violations())).append("]}\n");
            }
        }
        return out.toString();
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
