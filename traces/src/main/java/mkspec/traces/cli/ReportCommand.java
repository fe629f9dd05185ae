package mkspec.traces.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import mkspec.traces.format.Trace;
import mkspec.traces.replay.Replayer;
import mkspec.traces.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkspec report TRACE --out DIR}: the failing-case report of one trace. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Replay one trace and write its report folder: trace.yaml, report.md and a self-contained report.html.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "the trace file")
    Path trace;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the report folder to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (Mk2Checking.isMk2Trace(Inputs.traceFile(trace))) {
            return Mk2Checking.reportCommand(trace, out, o, spec.commandLine().getErr());
        }
        Object read = Inputs.read(Inputs.traceFile(trace));
        if (!(read instanceof Trace)) {
            for (Object line : (List<?>) read) {
                spec.commandLine().getErr().println(line);
            }
            return Main.BAD_INPUT;
        }
        Trace t = (Trace) read;
        Replayer.Replay r = Replayer.replay(t, Inputs.profileOf(t));
        Reports.write(r, t, out);
        o.println(ReportBuilder.verdict(r));
        o.println("report: " + out.resolve("report.html"));
        return r.agrees() ? Main.OK : Main.VIOLATION;
    }
}
