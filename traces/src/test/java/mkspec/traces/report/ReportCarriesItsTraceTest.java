package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.format.TraceWriter;
import mkspec.traces.report.ReportModel.StepView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A report that travels alone (a mailed HTML page, a pasted report.md) still carries its trace and every fact. */
class ReportCarriesItsTraceTest {

    private static final Path D2 = Path.of("corpus", "errata", "d2-segments-inside-instance.yaml");

    @Test
    void theHtmlPageEmbedsTheTraceAsTextAndAsASaveLinkThatReplaysAsTheOriginal(@TempDir Path dir) throws IOException {
        ReportModel model = ReportBuilderTest.model(D2);
        String yaml = model.traceYaml().orElseThrow();
        Document page = Xml.parse(HtmlReport.render(model));

        List<Element> pre = Xml.withClass(page, "pre", "trace");
        assertEquals(1, pre.size());
        assertEquals(yaml, pre.get(0).getTextContent());
        String saved = null;
        for (Element a : Xml.elements(page, "a")) {
            if ("trace.yaml".equals(a.getAttribute("download"))) {
                String href = a.getAttribute("href");
                saved = URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8);
            }
        }
        assertEquals(yaml, saved);
        Path file = dir.resolve("trace.yaml");
        Files.writeString(file, saved);
        TraceReadResult reread = TraceReader.read(file);
        assertTrue(reread instanceof TraceReadResult.Accepted, reread.toString());
        assertEquals(TraceWriter.write(((TraceReadResult.Accepted) TraceReader.read(D2)).trace()), yaml);
    }

    @Test
    void reportMdCarriesTheTraceTheInitialStateAndEveryFactTheHtmlShows() throws IOException {
        for (Path trace : ReportBuilderTest.corpus()) {
            ReportModel model = ReportBuilderTest.model(trace);
            String md = MarkdownReport.render(model);
            String html = HtmlReport.render(model);
            String yaml = model.traceYaml().orElseThrow();
            assertTrue(md.contains("```yaml\n" + yaml), trace + ": report.md lacks the trace");
            assertTrue(md.contains("## Initial state"), trace.toString());
            for (int position = 0; position < model.steps().size(); position++) {
                StepView step = model.steps().get(position);
                for (ReportFacts.Change change : ReportFacts.changes(ReportFacts.before(model, position).orElseThrow(),
                        step.after())) {
                    assertTrue(md.contains(Text.markdown(change.text())), trace + ": report.md lacks " + change.text());
                    assertTrue(html.contains(Text.html(change.text())), trace + ": the HTML lacks " + change.text());
                }
                for (ReportFacts.Mark mark : ReportFacts.marks(step)) {
                    assertTrue(md.contains(Text.markdown(mark.caption())), trace + ": " + mark);
                }
                for (ReportModel.SpawnedView kernel : step.after().spawned()) {
                    kernel.read().ifPresent(read -> {
                        String sentence = ReportFacts.readSentence(read, kernel.treeDts());
                        assertTrue(html.contains(Text.html(sentence)), trace + ": the HTML lacks " + sentence);
                        if (ReportFacts.hasSomethingToSay(model, model.steps().indexOf(step))) {
                            assertTrue(md.contains(Text.markdown(sentence)), trace + ": report.md lacks " + sentence);
                        }
                    });
                }
            }
        }
    }
}
