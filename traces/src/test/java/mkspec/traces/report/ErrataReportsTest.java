package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mkspec.refinement.Judge;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.replay.Profiles;
import mkspec.traces.replay.Replayer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The report of every erratum reproducer says, in Markdown and in HTML, which step broke which invariant, the
 * invariant's statement, and each detail of why; the report of its fixed twin says nothing broke. (The hand-written
 * reproducers of latent errata, D8 and D17, break nothing at these bounds.)
 */
class ErrataReportsTest {
    private static final Path ERRATA = Path.of("corpus", "errata");

    private static Replayer.Replay replay(Path p) {
        Trace t = ((TraceReadResult.Accepted) TraceReader.read(p)).trace();
        return Replayer.replay(t, Profiles.select(t.profile(), t.errata()).profile().orElseThrow());
    }

    @TestFactory
    Stream<DynamicTest> everyReproducersReportShowsWhatBrokeWhereAndWhy() throws IOException {
        List<Path> traces;
        try (Stream<Path> s = Files.list(ERRATA)) {
            traces = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        return traces.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Replayer.Replay r = replay(p);
            ReportModel model = ReportBuilder.of(r);
            String md = MarkdownReport.render(model);
            String html = HtmlReport.render(model);
            boolean anyBroken = false;
            for (Replayer.StepRecord rec : r.steps()) {
                for (Judge.Broken b : rec.judgement().broken()) {
                    anyBroken = true;
                    String where = "`" + b.id() + "` (step " + rec.index() + ")";
                    assertTrue(md.contains(where), p + ": the Markdown does not say " + where);
                    assertTrue(md.contains(b.statement()), p + ": the Markdown lacks the statement of " + b.id());
                    assertTrue(html.contains(b.id()), p + ": the HTML does not name " + b.id());
                    for (String detail : b.details()) {
                        assertTrue(md.contains(Text.markdown(detail)), p + ": the Markdown lacks the detail " + detail);
                    }
                }
            }
            boolean twin = p.getFileName().toString().endsWith("-fixed.yaml");
            // a latent erratum's reproducer shows the defect's path without breaking anything at these bounds
            boolean latent = p.getFileName().toString().contains("-latent-");
            assertTrue(twin ? !anyBroken : anyBroken || latent, p + (twin ? ": a fixed twin breaks an invariant" : ": nothing broke"));
            assertFalse(twin && md.contains("## Broken invariants"), p + ": a fixed twin's report lists broken invariants");
        }));
    }
}
