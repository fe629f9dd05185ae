package mkspec.traces.cli;

import java.io.IOException;
import java.nio.file.Path;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceWriter;
import mkspec.traces.replay.Replayer;
import mkspec.traces.report.ReportBuilder;
import mkspec.traces.report.ReportWriteResult;
import mkspec.traces.report.ReportWriter;

/** Writing a failing-case report folder from the command line. */
final class Reports {
    private Reports() {
    }

    /**
     * Writes the report of {@code replay} (whose trace is {@code trace}) to {@code dir}; a folder the
     * writer refuses to replace (not a report of ours) is the user's to fix: bad input.
     */
    static Path write(Replayer.Replay replay, Trace trace, Path dir) throws IOException {
        ReportWriteResult r = ReportWriter.write(ReportBuilder.of(replay), TraceWriter.write(trace), dir);
        if (r instanceof ReportWriteResult.Refused) {
            throw new Main.BadInput(((ReportWriteResult.Refused) r).message());
        }
        return dir;
    }
}
