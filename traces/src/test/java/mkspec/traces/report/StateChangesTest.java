package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Each step is shown as what it changed from the state before it, from the initial state on, in both layouts. */
class StateChangesTest {

    private static final ReportModel LIFE = ReportBuilderTest.model(Path.of("corpus", "fixed", "lifecycle-load-exec-boot.yaml"));

    private static List<String> changes(int position) {
        List<String> lines = new ArrayList<>();
        for (ReportFacts.Change change : ReportFacts.changes(ReportFacts.before(LIFE, position).orElseThrow(),
                LIFE.steps().get(position).after())) {
            lines.add(change.aspect().word() + ": " + change.text());
        }
        return lines;
    }

    @Test
    void theFirstStepIsAChangeFromTheMachineBeforeIt() {
        assertTrue(LIFE.initial().orElseThrow().instances().isEmpty());
        List<String> first = changes(0);
        assertTrue(first.contains("status: + web (id 1): ready, CPUs 1, 2M"), first.toString());
        assertTrue(first.contains("status: + db (id 2): ready, CPUs 2-3, 4M"), first.toString());
        assertTrue(first.contains("cpus: host online CPUs 0-7 \u2192 0,4-7"), first.toString());
        assertTrue(first.contains("pages: free pool 64M \u2192 58M"), first.toString());
    }

    @Test
    void aLoadShowsTheStatusAndEverySegmentAndControlPageItPlaced() {
        List<String> load = changes(2);
        assertTrue(load.contains("status: db: ready \u2192 loaded"), load.toString());
        assertTrue(load.contains("segments: + image segment of db 0x40300000\u20130x40301fff (8K)"), load.toString());
        assertTrue(load.stream().filter(l -> l.startsWith("segments: + control page of db")).count() == 2, load.toString());
    }

    @Test
    void aStatusStepChangesNothingAndTheRebootStartsAKernel() {
        assertEquals(List.of(), changes(1));
        List<String> reboot = changes(4);
        assertTrue(reboot.contains("status: db: loaded \u2192 active"), reboot.toString());
        assertTrue(reboot.stream().anyMatch(l -> l.startsWith("kernel: + spawned kernel db (id 2) on CPU 2")), reboot.toString());
        assertTrue(reboot.contains("handover: handover FDT page of db 0x1000000\u20130x1000fff (4K): handover FDT page"
                + " \u2192 handover FDT page, waiting for the spawned kernel"), reboot.toString());
        assertTrue(changes(2).contains("handover: + handover FDT page of db 0x1000000\u20130x1000fff (4K) (handover FDT page)"),
                changes(2).toString());
    }

    @Test
    void theHtmlShowsTheInitialStateAndEachStepsChangesAndTheMarkdownTheSameLines() {
        String html = HtmlReport.render(LIFE);
        Document page = Xml.parse(html);
        List<String> initial = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Element li : Xml.elements(page, "li")) {
            if ("step-0".equals(li.getAttribute("id"))) {
                initial.add(li.getTextContent());
            }
            if (li.getParentNode() instanceof Element list && list.getAttribute("class").equals("changes")) {
                lines.add(li.getTextContent());
            }
        }
        assertEquals(1, initial.size());
        assertTrue(initial.get(0).contains("Initial state"));
        assertTrue(lines.contains("statusdb: ready \u2192 loaded"), lines.toString());
        assertTrue(html.contains("Changed nothing in the machine."));

        String md = MarkdownReport.render(LIFE);
        assertTrue(md.contains("## What each step changed"), md);
        assertTrue(md.contains("Before step 1: no instances; free pool 64M; online CPUs `0-7`; reboot lock released; FDT bytes read out of bounds 0."), md);
        assertTrue(md.contains("  - status: db: ready \u2192 loaded\n"), md);
        assertTrue(md.contains("  - changed nothing in the machine\n"), md);
    }
}
