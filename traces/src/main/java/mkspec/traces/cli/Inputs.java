package mkspec.traces.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceProblem;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.replay.Profiles;

/** Reading what the user gave: trace files and folders, bounds, profiles. */
final class Inputs {
    private Inputs() {
    }

    /** The trace files under the given paths: files as given, folders searched for *.yaml, sorted. */
    static List<Path> traceFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                int before = out.size();
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
                        .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new Main.BadInput(p + ": cannot list the folder: " + e.getMessage());
                }
                if (out.size() == before) {
                    throw new Main.BadInput(p + ": no trace (*.yaml, *.yml) in the folder");
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new Main.BadInput(p + ": no such file or folder");
            }
        }
        return out;
    }

    /** {@code file}, when it is a file: one trace, as {@code mkspec report} takes it. */
    static Path traceFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Main.BadInput(file + (Files.isDirectory(file) ? ": a folder, not a trace file" : ": no such file"));
        }
        return file;
    }

    /** The trace in {@code file}; empty when it is not one, after its problems went to {@code err}, one a line. */
    static Optional<Trace> read(Path file, PrintWriter err) {
        return TraceReader.read(file).accept(new TraceReadResult.Cases<>() {
            public Optional<Trace> accepted(TraceReadResult.Accepted a) {
                return Optional.of(a.trace());
            }

            public Optional<Trace> rejected(TraceReadResult.Rejected r) {
                for (TraceProblem p : r.problems()) {
                    err.println(p.render());
                }
                return Optional.empty();
            }
        });
    }

    /** The profile a trace asks for, or a bad-input error naming the file. */
    static Profile profileOf(Trace t) {
        Profiles.Selection s = Profiles.select(t.profile(), t.errata());
        if (s.problem().isPresent()) {
            throw new Main.BadInput(t.file().map(Path::toString).orElse(t.name()) + ": errata: " + s.problem().get());
        }
        return s.profile().get();
    }

    /**
     * The worker count {@code --workers} asks for: the number of cores when absent; more than the cores gain nothing,
     * so those are capped with a warning on {@code err}.
     */
    static int workers(Integer workers, java.io.PrintWriter err) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (workers == null) {
            return cores;
        }
        if (workers < 1) {
            throw new Main.BadInput("--workers " + workers + ": expected 1 to the number of cores (" + cores + ")");
        }
        if (workers > cores) {
            err.println(Console.message("--workers ") + workers + ": this machine has " + cores + " cores; using " + cores);
            return cores;
        }
        return workers;
    }

    /** {@code value} of {@code option} when it is not negative. */
    static long notNegative(String option, long value) {
        if (value < 0) {
            throw new Main.BadInput(option + " " + value + ": expected 0 (no limit) or more");
        }
        return value;
    }

    /** Each {@code --bound key=value} as {key, value}. */
    static List<String[]> assignments(List<String> assignments) {
        List<String[]> kvs = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new Main.BadInput("--bound " + a + ": expected key=value");
            }
            kvs.add(new String[] {a.substring(0, eq).trim(), a.substring(eq + 1).trim()});
        }
        return kvs;
    }

    /** The bounds: the defaults with each {@code key=value} applied in order. */
    static Bounds bounds(List<String> assignments) {
        List<String[]> kvs = assignments(assignments);
        try {
            return Bounds.defaults().with(kvs);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput("--bound: " + e.getMessage());
        }
    }

    /** The profile of {@code --profile} and {@code --erratum}. */
    static Profile profile(String profile, List<String> errata) {
        if (!Trace.isProfile(profile)) {
            throw new Main.BadInput("--profile " + profile + ": expected fixed or rfc-v2");
        }
        Profiles.Selection s = Profiles.select(profile, errata);
        if (s.problem().isPresent()) {
            throw new Main.BadInput("--erratum: " + s.problem().get());
        }
        return s.profile().get();
    }
}
