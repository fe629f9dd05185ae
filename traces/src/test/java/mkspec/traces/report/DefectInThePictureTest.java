package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mkspec.traces.report.ReportModel.SpawnedView;
import mkspec.traces.report.ReportModel.StepView;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The defect an erratum's report is about shows in its picture, not only in its text. */
class DefectInThePictureTest {

    private static ReportModel errata(String name) {
        return ReportBuilderTest.model(Path.of("corpus", "errata", name + ".yaml"));
    }

    private static StepView last(ReportModel model) {
        return model.steps().get(model.steps().size() - 1);
    }

    @Test
    void d2sSegmentInHostRamIsOutlinedOnTheMapAsTheRegionItsInvariantNames() {
        ReportModel model = errata("d2-segments-inside-instance");
        List<ReportFacts.Mark> marks = ReportFacts.marks(last(model));
        assertEquals(1, marks.size(), marks.toString());
        assertEquals("named by segments-inside-instance", marks.get(0).caption());
        assertEquals(0x7fffa000L, marks.get(0).start());
        assertEquals(24 * 1024L, marks.get(0).size());

        String html = HtmlReport.render(model);
        Document page = Xml.parse(html);
        List<Element> outlined = Xml.withClass(page, "rect", "named");
        assertEquals(1, outlined.size());
        assertTrue(Xml.title(outlined.get(0)).startsWith("named by segments-inside-instance: web: segment 0x7fffa000-0x7fffffff"),
                Xml.title(outlined.get(0)));
        assertTrue(html.contains("\u25b2 named by segments-inside-instance"));
        assertTrue(html.contains("<strong>named by <code>segments-inside-instance</code></strong> host RAM overwritten"));
        assertTrue(MarkdownReport.render(model).contains("**named by segments-inside-instance** host RAM overwritten"));
    }

    @Test
    void aFixedTwinsMapOutlinesNothing() {
        assertEquals(List.of(), Xml.withClass(Xml.parse(HtmlReport.render(errata("d2-segments-inside-instance-fixed"))),
                "rect", "named"));
    }

    @Test
    void d14ShowsThatTheSpawnedKernelReadAnotherPageThanExecWroteAndItsTwinThatItReadTheSame() {
        SpawnedView bad = last(errata("d14-handover-page-alive")).after().spawned().get(0);
        SpawnedView good = last(errata("d14-handover-page-alive-fixed")).after().spawned().get(0);

        assertTrue(bad.read().orElseThrow().differing() > 0);
        List<ReportFacts.Mark> marks = ReportFacts.marks(last(errata("d14-handover-page-alive")));
        assertEquals(1, marks.size(), marks.toString());
        assertEquals("not what exec wrote, read at boot by web", marks.get(0).caption());
        assertEquals(bad.read().orElseThrow().address(), marks.get(0).start());
        assertEquals(List.of(), ReportFacts.marks(last(errata("d14-handover-page-alive-fixed"))));
        assertEquals(0, good.read().orElseThrow().differing());
        String badHtml = HtmlReport.render(errata("d14-handover-page-alive"));
        String goodHtml = HtmlReport.render(errata("d14-handover-page-alive-fixed"));
        assertTrue(badHtml.contains("At boot it read a page that is not what exec wrote"), badHtml);
        assertTrue(badHtml.contains("<pre class=\"dts diff\""));
        assertTrue(goodHtml.contains("At boot it read what exec wrote (4096 bytes, identical)."));
        assertFalse(goodHtml.contains("<pre class=\"dts diff\""));
        String md = MarkdownReport.render(errata("d14-handover-page-alive"));
        assertTrue(md.contains("What exec wrote (`-`) against what the kernel read (`+`):"), md);
        assertTrue(md.contains("\n- \tcompatible = \"multikernel-v1\";\n"), md);
    }

    @Test
    void theHandoverTreesEmbeddedInstanceTreeIsShownDecodedAsDts() {
        SpawnedView kernel = last(errata("d14-handover-page-alive-fixed")).after().spawned().get(0);
        String dts = kernel.treeDts();
        assertTrue(dts.contains("\n// /multikernel/dtb-data (240 bytes), decoded:\n// /dts-v1/;\n"), dts);
        assertTrue(dts.contains("\n// \t\t\tid = <0x1>;\n"), dts);
        assertTrue(dts.contains("\n// \t\t\t\tmemory-bytes = <0x4000>;\n"), dts);
    }

    @Test
    void d4sPlainImageIsDrawnAndItsStepSaysTheUnloadTookItAway() {
        ReportModel model = errata("d4-images-independent");
        String html = HtmlReport.render(model);
        Document page = Xml.parse(html);
        List<Element> plain = Xml.withClass(page, "rect", "k-plain-segment");
        assertFalse(plain.isEmpty(), "the plain image is not drawn");
        assertTrue(Xml.title(plain.get(0)).contains("plain kexec segment of host: 0x7ffff000\u20130x7fffffff (4K)"),
                Xml.title(plain.get(0)));
        List<String> unload = new ArrayList<>();
        for (ReportFacts.Change change : ReportFacts.changes(model.steps().get(0).after(), model.steps().get(1).after())) {
            unload.add(change.text());
        }
        assertTrue(unload.contains("\u2212 plain kexec segment of host 0x7ffff000\u20130x7fffffff (4K)"), unload.toString());
    }

    @Test
    void d15SaysWhatTheRestoreReturnedBesideTheIdenticalRead() {
        SpawnedView kernel = last(errata("d15-restore-faithful")).after().spawned().get(0);
        assertEquals("booted; restored nothing (mk_kho_restore_dtbs returned -12)", kernel.boot());
        assertEquals(0, kernel.read().orElseThrow().differing());
    }

    @Test
    void d5sCpuZeroIsShownHeldByTheInstanceAndTheHostAndItsTwinsCpusEachHaveOneOwner() {
        ReportModel model = errata("d5-instances-disjoint");
        List<ReportFacts.CpuOwner> cpus = ReportFacts.cpus(last(model).after());
        assertEquals(7, cpus.size());
        assertTrue(cpus.get(0).contested());
        assertEquals("shared + host", cpus.get(0).who());
        assertEquals("shared", cpus.get(1).who());
        assertEquals("host", cpus.get(2).who());
        List<Element> contested = Xml.withClass(Xml.parse(HtmlReport.render(model)), "span", "shared");
        assertFalse(contested.isEmpty());
        assertEquals("0 shared + host \u2716", contested.get(contested.size() - 1).getTextContent());
        assertTrue(MarkdownReport.render(model).contains("- CPUs: **0 shared + host (shared)** \u00b7 1 shared \u00b7 2 host"));
        for (ReportFacts.CpuOwner cpu : ReportFacts.cpus(last(errata("d5-instances-disjoint-fixed")).after())) {
            assertFalse(cpu.contested(), cpu.toString());
        }
    }

    @Test
    void d12SaysWhichCodeFirstReadAnFdtOutOfBounds() {
        ReportModel model = errata("d12-fdt-reads-in-bounds");
        StepView step = last(model);
        ReportModel.Fact read = step.after().fact("FDT bytes read out of bounds").orElseThrow();
        assertTrue(read.bad(), read.toString());
        assertTrue(read.value().endsWith(", first by root_device_tree_write (device_tree upload): byte 65 of a 65-byte buffer"),
            read.value());
        assertTrue(HtmlReport.render(model).contains(
            ", first by root_device_tree_write (device_tree upload): byte 65 of a 65-byte buffer</span>"));
        assertTrue(MarkdownReport.render(model).contains(
            ", first by root\\_device\\_tree\\_write (device\\_tree upload): byte 65 of a 65-byte buffer"));
    }
}
