package mkspec.traces.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import mkspec.reference.Profile;
import mkspec.traces.format.Trace;
import mkspec.traces.replay.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkspec replay PATH..}: replays traces and reports each one's first difference. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay traces (TRACE-FORMAT v1) on the reference, checking every expectation and every invariant after every step;"
        + " traces in the fixed profile also run on the spec, and the two must agree.",
        "A folder is searched for *.yaml. A trace that differs gets a failing-case report under --out."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "trace files or folders of traces")
    List<Path> paths;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mkspec-out",
        description = "where failing-case reports go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-report", description = "write no report for a trace that differs")
    boolean noReport;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int passed = 0;
        int failed = 0;
        int bad = 0;
        for (Path file : Inputs.traceFiles(paths)) {
            if (Mk2Checking.isMk2Trace(file)) {
                switch (Mk2Checking.replay(file, o, err, noReport ? null : out)) {
                    case Main.OK -> passed++;
                    case Main.VIOLATION -> failed++;
                    default -> bad++;
                }
                o.flush();
                continue;
            }
            Object read = Inputs.read(file);
            if (!(read instanceof Trace)) {
                for (Object line : (List<?>) read) {
                    err.println(line);
                }
                bad++;
                continue;
            }
            Trace t = (Trace) read;
            // the reader refused every erratum the reference does not have, so the profile is there
            Profile profile = Inputs.profileOf(t);
            Replayer.Replay r = Replayer.replay(t, profile);
            if (r.agrees()) {
                passed++;
                o.println("ok    " + file + "  (" + Console.count(t.steps().size(), "step") + ", " + profile.name()
                    + (r.refinementChecked() ? ", refines the spec" : "") + ")");
            } else {
                failed++;
                o.println("FAIL  " + r.difference().get().line());
                Replayer.StepRecord differing = r.steps().get(r.steps().size() - 1);
                for (String line : Console.broken(differing.judgement(), profile, "step " + differing.index(), Set.of(),
                    "      ")) {
                    o.println(line);
                }
                if (!noReport) {
                    Path dir = out.resolve(t.name());
                    Reports.write(r, t, dir);
                    o.println("      report: " + dir.resolve("report.html"));
                }
            }
            o.flush();
        }
        o.println(passed + " replayed as recorded, " + failed + " differ" + (bad > 0 ? ", " + bad + " could not be read" : ""));
        return bad > 0 ? Main.BAD_INPUT : failed > 0 ? Main.VIOLATION : Main.OK;
    }
}
