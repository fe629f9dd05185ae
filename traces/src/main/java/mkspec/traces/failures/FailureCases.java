package mkspec.traces.failures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.Mk2TraceFormat;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceWriter;
import mkspec.traces.replay.Mk2Replayer;
import mkspec.traces.replay.Replayer;
import mkspec.traces.report.Mk2ReportBuilder;
import mkspec.traces.report.ReportBuilder;
import mkspec.traces.report.ReportModel;
import mkspec.traces.report.ReportWriteResult;
import mkspec.traces.report.ReportWriter;

/**
 * A failing case written out: the trace, and the report of its replay, in one folder, whole or not at all. What the
 * command line and the property runner both write when something fails.
 */
public final class FailureCases {
    private FailureCases() {
    }

    /**
     * Writes {@code trace} and the report of {@code replay} (a replay of that trace) to {@code dir}. Returns why the
     * writer refused, when {@code dir} is a folder that is not a report of mkspec's; empty when it wrote.
     */
    public static Optional<String> write(Replayer.Replay replay, Trace trace, Path dir) throws IOException {
        return written(ReportBuilder.of(replay), TraceWriter.write(trace), dir);
    }

    /** The same for an mk2 trace ({@code kernel: mk2}) and its replay. */
    public static Optional<String> write(Mk2Replayer.Replay replay, Mk2Trace trace, Path dir) throws IOException {
        return written(Mk2ReportBuilder.of(trace, replay), Mk2TraceFormat.write(trace), dir);
    }

    private static Optional<String> written(ReportModel model, String traceYaml, Path dir) throws IOException {
        ReportWriteResult r = ReportWriter.write(model, traceYaml, dir);
        return r instanceof ReportWriteResult.Refused refused ? Optional.of(refused.message()) : Optional.empty();
    }
}
