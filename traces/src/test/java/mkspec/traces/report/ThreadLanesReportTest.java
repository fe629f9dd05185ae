package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.replay.Profiles;
import mkspec.traces.replay.Replayer;
import org.junit.jupiter.api.Test;

/** A report of a threaded trace draws one lane per thread, each step in its thread's lane; others draw none. */
class ThreadLanesReportTest {
    private static ReportModel model(String file) {
        Trace t = ((TraceReadResult.Accepted) TraceReader.read(Path.of("corpus", "errata", file))).trace();
        return ReportBuilder.of(Replayer.replay(t, Profiles.select(t.profile(), t.errata()).profile().orElseThrow()));
    }

    @Test
    void aThreadedTracesReportPutsEachStepInItsThreadsLane() {
        ReportModel m = model("d18-no-use-after-free.yaml");
        String md = MarkdownReport.render(m);
        assertTrue(md.contains("## Threads"), md);
        assertTrue(md.contains("| # | thread 1 | thread 2 |"), md);
        assertTrue(md.contains("| 4 | | `status` |"), "step 4, the status read, is in thread 2's lane:\n" + md);
        assertTrue(md.contains("| 2 | `rmdir name: web` | |"), md);
        String html = HtmlReport.render(m);
        assertTrue(html.contains("<table class=\"lanes\">"));
        assertTrue(html.contains("<th>thread 2</th>"));
    }

    @Test
    void anUnthreadedTracesReportHasNoLanes() {
        ReportModel m = model("d6-no-pool-leak-failed-op-atomic.yaml");
        assertFalse(MarkdownReport.render(m).contains("## Threads"));
        assertFalse(HtmlReport.render(m).contains("class=\"lanes\""));
    }
}
