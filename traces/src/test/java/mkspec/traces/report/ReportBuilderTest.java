package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.replay.Profiles;
import mkspec.traces.replay.Replayer;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;
import mkspec.traces.report.ReportModel.StepView;
import org.junit.jupiter.api.Test;

/** What the report model says about the machine after each step of the corpus traces. */
class ReportBuilderTest {

    static ReportModel model(Path trace) {
        Trace t = ((TraceReadResult.Accepted) TraceReader.read(trace)).trace();
        return ReportBuilder.of(Replayer.replay(t, Profiles.select(t.profile(), t.errata()).profile().orElseThrow()));
    }

    /** The RFC v2 corpus; the mk2 traces have their own builder ({@link Mk2ReportsTest#corpus}). */
    static List<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("corpus"))) {
            return s.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(Path.of("corpus", "mk2"))).sorted()
                .toList();
        }
    }

    @Test
    void noStateOfATraceThatBreaksNothingDrawsTwoRegionsOfOneTierOverOneByte() throws IOException {
        int passing = 0;
        List<String> overlaps = new ArrayList<>();
        for (Path trace : corpus()) {
            ReportModel model = model(trace);
            if (!ReportFacts.brokenBy(model).isEmpty()) {
                continue;
            }
            passing++;
            for (StepView step : model.steps()) {
                List<List<Integer>> partners = MapLayout.overlapPartners(step.after().memory());
                for (int i = 0; i < partners.size(); i++) {
                    if (!partners.get(i).isEmpty()) {
                        overlaps.add(trace + " step " + step.index() + ": " + step.after().memory().regions().get(i)
                                + " overlaps #" + partners.get(i));
                    }
                }
            }
        }
        assertTrue(passing >= 20, "only " + passing + " passing traces in the corpus");
        assertEquals(List.of(), overlaps);
    }

    @Test
    void afterExecTheHandoverPageTheImageHoldsAndTheSpawnedKernelWaitsOnIsOneRegion() {
        ReportModel model = model(Path.of("corpus", "fixed", "lifecycle-load-exec-boot.yaml"));
        StepView reboot = model.steps().get(4);
        assertTrue(reboot.text().startsWith("reboot-multikernel"), reboot.text());
        List<Region> handover = new ArrayList<>();
        for (Region r : reboot.after().memory().regions()) {
            if (r.kind() == RegionKind.HANDOVER_PAGE) {
                handover.add(r);
            }
        }
        assertEquals(1, handover.size(), handover.toString());
        assertEquals("handover FDT page, waiting for the spawned kernel", handover.get(0).note());
        assertFalse(reboot.after().spawned().isEmpty());
    }

    @Test
    void eachStepsLineIsItsLineInTheTraceYamlTheReportFolderHolds() throws IOException {
        for (Path trace : corpus()) {
            ReportModel model = model(trace);
            String[] written = model.traceYaml().orElseThrow().split("\n", -1);
            for (StepView step : model.steps()) {
                assertTrue(step.line() > 0, trace + " step " + step.index() + " has no line");
                String line = written[step.line() - 1].strip();
                if (line.startsWith("- thread: ")) {
                    line = "- " + written[step.line()].strip(); // a threaded step's map starts with its thread
                }
                assertTrue(line.startsWith("- op: " + step.text().split(" ")[0]), trace + " step " + step.index()
                        + " points at line " + step.line() + ": " + line);
            }
        }
    }
}
