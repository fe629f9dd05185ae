package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Writes the showcase report to {@code target/report-example/} so a person can open it (it is rebuilt on every
 * test run and never committed), and checks it landed whole.
 */
class ExampleReportTest {

    private static final String TRACE = """
            mkspec-trace: 1
            name: d2-then-d13
            profile: rfc-v2
            steps:
              - op: upload-device-tree
                instances:
                  - { name: web, id: 1, cpus: [1], memory-bytes: 1M }
                  - { name: db, id: 2, cpus: [2, 3], memory-bytes: 1M }
                expect: ok
            """;

    @Test
    void theExampleReportIsWrittenWholeUnderTarget() throws IOException {
        Path out = Paths.get("target", "report-example");
        ReportModel model = ReportModels.example();

        assertInstanceOf(ReportWriteResult.Written.class, ReportWriter.write(model, TRACE, out));

        assertArrayEquals(TRACE.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("trace.yaml")));
        assertArrayEquals(MarkdownReport.render(model).getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(out.resolve("report.md")));
        assertArrayEquals(HtmlReport.render(model).getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(out.resolve("report.html")));
    }
}
