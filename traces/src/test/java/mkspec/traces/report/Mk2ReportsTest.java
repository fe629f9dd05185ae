package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.Mk2TraceFormat;
import mkspec.traces.replay.Mk2Replayer;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;
import mkspec.traces.report.ReportModel.StepView;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The report of an mk2 trace: each reproducer's report says which step broke which invariant, its statement and
 * every detail, and draws the mk2 host's memory (System RAM, the runtime pool, the instances' regions and pools, the
 * segments, manifests, IPI rings and control pages, and what leaked); each fixed twin's says nothing broke.
 */
class Mk2ReportsTest {
    private static final Path MK2 = Path.of("corpus", "mk2");

    static List<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(MK2)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static Mk2Trace read(Path p) {
        Mk2TraceFormat.Read r = Mk2TraceFormat.read(p);
        return assertInstanceOf(Mk2TraceFormat.Read.Accepted.class, r, r::toString).trace();
    }

    static ReportModel model(Path p) {
        Mk2Trace t = read(p);
        return Mk2ReportBuilder.of(t, Mk2Replayer.replay(t));
    }

    private static ReportModel errata(String name) {
        return model(MK2.resolve("errata").resolve(name + ".yaml"));
    }

    private static StepView last(ReportModel model) {
        return model.steps().get(model.steps().size() - 1);
    }

    private static List<Region> regions(StepView step, RegionKind kind) {
        List<Region> out = new ArrayList<>();
        for (Region r : step.after().memory().regions()) {
            if (r.kind() == kind) {
                out.add(r);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyMk2ReproducersReportShowsWhatBrokeWhereAndWhyAndItsTwinsShowsNothing() throws IOException {
        List<Path> traces;
        try (Stream<Path> s = Files.list(MK2.resolve("errata"))) {
            traces = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        return traces.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Mk2Trace t = read(p);
            Mk2Replayer.Replay r = Mk2Replayer.replay(t);
            ReportModel model = Mk2ReportBuilder.of(t, r);
            String md = MarkdownReport.render(model);
            String html = HtmlReport.render(model);
            boolean anyBroken = false;
            for (Mk2Replayer.StepRecord rec : r.steps()) {
                for (Mk2Replayer.Broken b : rec.why()) {
                    anyBroken = true;
                    String where = "`" + b.id() + "` (step " + rec.index() + ")";
                    assertTrue(md.contains(where), p + ": the Markdown does not say " + where);
                    assertTrue(md.contains(Text.markdown(b.statement())), p + ": the Markdown lacks the statement of " + b.id());
                    assertTrue(html.contains(Text.html(b.statement())), p + ": the HTML lacks the statement of " + b.id());
                    for (String detail : b.details()) {
                        assertTrue(md.contains(Text.markdown(detail)), p + ": the Markdown lacks the detail " + detail);
                        assertTrue(html.contains(Text.html(detail)), p + ": the HTML lacks the detail " + detail);
                    }
                }
            }
            assertEquals(t.steps().size(), model.steps().size());
            for (int k = 0; k < t.steps().size(); k++) {
                assertTrue(md.contains(Text.markdownCode(t.steps().get(k).action(), true)), p + ": step " + (k + 1)
                    + " is not in the steps table");
            }
            Document page = Xml.parse(html);
            assertFalse(Xml.elements(page, "svg").isEmpty(), p + ": no memory map");
            assertTrue(md.contains("**Memory map**: System RAM 0x100000"), p + ": the map is not of System RAM");
            boolean twin = p.getFileName().toString().endsWith("-fixed.yaml");
            assertTrue(twin != anyBroken, p + (twin ? ": a fixed twin breaks an invariant" : ": nothing broke"));
            assertEquals(twin, model.verdict().endsWith("every invariant holds after every step"), model.verdict());
        }));
    }

    @Test
    void afterALoadTheMapShowsThePoolTheInstanceAndItsImagesSegmentManifestRingAndControlPages() {
        ReportModel model = model(MK2.resolve("flows").resolve("lifecycle.yaml"));
        StepView load = model.steps().stream().filter(s -> s.text().startsWith("kexec-file-load")).findFirst().orElseThrow();
        assertEquals("ok", load.actual());
        for (RegionKind kind : List.of(RegionKind.POOL_FREE, RegionKind.INSTANCE, RegionKind.SEGMENT, RegionKind.MANIFEST,
            RegionKind.IPI_RING, RegionKind.CONTROL_PAGE)) {
            assertFalse(regions(load, kind).isEmpty(), kind + " is not on the map after " + load.text());
        }
        assertEquals(16 * 1024, regions(load, RegionKind.MANIFEST).get(0).size(), "the manifest is MK_MANIFEST_SIZE");
        assertEquals("System RAM", load.after().memory().band());
        List<String> kinds = new ArrayList<>();
        for (Element rect : Xml.withClass(Xml.parse(MemoryMapSvg.render(load.after().memory(), "m")), "rect", "region")) {
            kinds.add(rect.getAttribute("class"));
        }
        assertTrue(kinds.contains("region k-manifest") && kinds.contains("region k-ipi-ring"), kinds.toString());
        assertTrue(MapLayout.islands(load.after().memory()).isEmpty(), "every mk2 region lies in System RAM");
    }

    @Test
    void n1sReportShowsTheLeakedHostPagesAndInstancePoolAllocationAndTheDanglingKimage() {
        StepView step = last(errata("n1-failed-op-atomic"));
        assertEquals(List.of(5L * 4096), regions(step, RegionKind.HOST_LEAKED).stream().map(Region::size).toList(),
            "the lost manifest (4 pages) and IPI ring (1 page)");
        assertEquals(1, regions(step, RegionKind.ALLOCATION_LEAKED).size());
        assertTrue(step.after().instances().get(0).image().orElseThrow().startsWith("FREED (dangling pointer)"));
        assertTrue(step.after().fact("host pages kexec holds").orElseThrow().bad());
        assertTrue(regions(errataLast("n1-fixed"), RegionKind.HOST_LEAKED).isEmpty());
    }

    @Test
    void n9sLeakedManifestPagesAreOnTheMapAndItsTwinLeaksNothing() {
        List<Region> leaked = regions(errataLast("n9-failed-op-atomic"), RegionKind.HOST_LEAKED);
        assertEquals(3L * 4096, leaked.stream().mapToLong(Region::size).sum(), "put_page frees one page of four");
        assertTrue(regions(errataLast("n9-fixed"), RegionKind.HOST_LEAKED).isEmpty());
    }

    @Test
    void n12sInstancePoolChunkTheFreePoolAlsoHoldsIsOutlinedAsAnOverlap() {
        ReportModel model = errata("n12-instances-disjoint");
        StepView step = last(model);
        List<Region> orphan = regions(step, RegionKind.INSTANCE_POOL);
        assertEquals(1, orphan.size());
        assertEquals("db", orphan.get(0).owner());
        int index = step.after().memory().regions().indexOf(orphan.get(0));
        assertFalse(MapLayout.overlapPartners(step.after().memory()).get(index).isEmpty(), "it does not overlap the free pool");
        assertFalse(ReportFacts.namedBy(ReportFacts.marks(step), orphan.get(0)).isEmpty(), "instances-disjoint does not name it");
    }

    @Test
    void n19sReportShowsTheSpawnedKernelItsManifestAndItsFreedSelfRecord() {
        StepView step = last(errata("n19-self-record-alive"));
        ReportModel.SpawnedView kernel = step.after().spawned().get(0);
        assertEquals("manifest", kernel.tree());
        assertTrue(kernel.treeDts().contains("compatible = \"multikernel-v1\";"), kernel.treeDts());
        assertTrue(kernel.treeDts().contains("model = \"web\";"), kernel.treeDts());
        assertTrue(kernel.boot().endsWith("its own record (mk_self) has been freed"), kernel.boot());
        assertFalse(errataLast("n19-fixed").after().spawned().get(0).boot().contains("freed"));
    }

    @Test
    void n20sSpawnedKernelBootedFromAnUnfinishedManifestAndRestoredItselfAsAHost() {
        ReportModel.SpawnedView kernel = errataLast("n20-manifest-fits").after().spawned().get(0);
        assertTrue(kernel.treeDts().startsWith("(not a valid FDT: "), kernel.treeDts());
        assertTrue(kernel.boot().contains("left unfinished") && kernel.boot().contains("restored itself as id 0, no name"),
            kernel.boot());
    }

    @Test
    void theCpusOfThePoolAreShownAsThePools() {
        StepView step = last(errata("n12-instances-disjoint"));
        List<String> who = new ArrayList<>();
        for (ReportFacts.CpuOwner cpu : ReportFacts.cpus(step.after())) {
            who.add(cpu.cpu() + " " + cpu.who());
        }
        assertEquals(List.of("0 host", "1 pool", "2 db", "3 pool", "4 pool"), who);
    }

    @Test
    void aRacesReportPutsEachStepInItsThreadsLaneAndASectionWhoseCallGoesOnSaysSo() {
        ReportModel model = errata("n3-images-reachable");
        assertEquals(2, model.threads());
        List<Integer> lanes = new ArrayList<>();
        model.steps().forEach(s -> lanes.add(s.thread()));
        assertEquals(List.of(1, 1, 1, 2, 1), lanes);
        StepView section = model.steps().get(2);
        assertEquals("(the call goes on)", section.actual());
        assertTrue(section.broken().isEmpty() && section.carried().isEmpty(), section.toString());
        assertEquals(List.of("images-reachable"), last(model).broken().stream().map(ReportModel.Broken::id).toList());
        String md = MarkdownReport.render(model);
        assertTrue(md.contains("| 4 | | `overlay-write(instance-remove web)` |"), md);
        assertTrue(HtmlReport.render(model).contains("<table class=\"lanes\">"));
    }

    @Test
    void eachStepsLineIsItsLineInTheTraceYamlTheReportFolderHolds() throws IOException {
        for (Path trace : corpus()) {
            ReportModel model = model(trace);
            String[] written = model.traceYaml().orElseThrow().split("\n", -1);
            for (StepView step : model.steps()) {
                // a threaded step's entry opens with its thread, and its step follows on the next line
                String entry = written[step.line() - 1].strip();
                String label = step.thread() == 0 ? entry
                    : entry.equals("- thread: " + step.thread()) ? "- " + written[step.line()].strip() : "";
                assertTrue(label.startsWith("- step: '" + step.text().split("\\(")[0]),
                    trace + " step " + step.index() + " points at line " + step.line());
            }
        }
    }

    private static StepView errataLast(String name) {
        return last(errata(name));
    }
}
