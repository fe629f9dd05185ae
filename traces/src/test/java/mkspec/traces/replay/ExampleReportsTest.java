package mkspec.traces.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.Mk2TraceFormat;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.report.HtmlReport;
import mkspec.traces.report.MarkdownReport;
import mkspec.traces.report.Mk2ReportBuilder;
import mkspec.traces.report.ReportBuilder;
import mkspec.traces.report.ReportModel;
import org.junit.jupiter.api.Test;

/** The report folders checked in under traces/examples/ are what mkspec writes today. */
class ExampleReportsTest {
    @Test
    void checkedInExampleReportsAreCurrent() throws IOException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(folders.isEmpty(), "no example reports");
        for (Path dir : folders) {
            Path trace = dir.resolve("trace.yaml");
            boolean mk2 = Mk2TraceFormat.isMk2(Files.readString(trace));
            ReportModel model = mk2 ? mk2Model(trace) : model(trace);
            String hint = " is stale: regenerate with ./mkspec report traces/corpus/" + (mk2 ? "mk2/" : "") + "errata/"
                + dir.getFileName() + ".yaml --out traces/examples/" + dir.getFileName();
            assertEquals(Files.readString(dir.resolve("report.md")), MarkdownReport.render(model), dir + "/report.md" + hint);
            assertEquals(Files.readString(dir.resolve("report.html")), HtmlReport.render(model), dir + "/report.html" + hint);
        }
    }

    private static ReportModel model(Path trace) {
        Trace t = ((TraceReadResult.Accepted) TraceReader.read(trace)).trace();
        return ReportBuilder.of(Replayer.replay(t, Profiles.select(t.profile(), t.errata()).profile().get()));
    }

    private static ReportModel mk2Model(Path trace) {
        Mk2Trace t = ((Mk2TraceFormat.Read.Accepted) Mk2TraceFormat.read(trace)).trace();
        return Mk2ReportBuilder.of(t, Mk2Replayer.replay(t));
    }
}
