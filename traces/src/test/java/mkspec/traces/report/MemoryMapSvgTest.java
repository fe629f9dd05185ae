package mkspec.traces.report;

import static mkspec.traces.report.ReportModels.G;
import static mkspec.traces.report.ReportModels.K;
import static mkspec.traces.report.ReportModels.M;
import static mkspec.traces.report.ReportModels.POOL;
import static mkspec.traces.report.ReportModels.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The memory-map picture: one rect per region, overlaps visible, host RAM compressed, sane at every scale. */
class MemoryMapSvgTest {

    private static Document draw(MemoryMap map) {
        return Xml.parse(MemoryMapSvg.render(map, "t"));
    }

    private static List<Element> regionRects(Document svg) {
        return Xml.withAttribute(svg, "rect", "data-region");
    }

    private static Element rectOf(Document svg, int index) {
        List<Element> found = new ArrayList<>();
        for (Element rect : regionRects(svg)) {
            if (rect.getAttribute("data-region").equals(Integer.toString(index))) {
                found.add(rect);
            }
        }
        assertEquals(1, found.size(), "rects for region " + index);
        return found.get(0);
    }

    private static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    private static List<String> texts(Document svg) {
        List<String> found = new ArrayList<>();
        for (Element text : Xml.elements(svg, "text")) {
            found.add(text.getTextContent());
        }
        return found;
    }

    @Test
    void theSvgIsOneElementInTheSvgNamespace() {
        Document svg = draw(ReportModels.bigMap());

        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals(MemoryMapSvg.SVG_NAMESPACE, svg.getDocumentElement().getNamespaceURI());
    }

    @Test
    void aHundredRegionsGiveExactlyOneRectEach() {
        MemoryMap map = ReportModels.bigMap();
        assertEquals(100, map.regions().size());

        List<Integer> drawn = new ArrayList<>();
        for (Element rect : regionRects(draw(map))) {
            drawn.add(Integer.parseInt(rect.getAttribute("data-region")));
        }
        Collections.sort(drawn);

        List<Integer> every = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            every.add(i);
        }
        assertEquals(every, drawn);
    }

    static Stream<MemoryMap> maps() {
        List<Region> fewPages = List.of(region(RegionKind.INSTANCE, "one", POOL, 4 * K));
        List<Region> thousands = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            thousands.add(region(i % 2 == 0 ? RegionKind.SEGMENT : RegionKind.POOL_FREE, "r" + i, POOL + i * 40 * K,
                    4 * K));
        }
        return Stream.of(
                new MemoryMap(4096, POOL, 4 * K, fewPages),
                new MemoryMap(4096, POOL, 4 * K, List.of()),
                new MemoryMap(4096, POOL, 64 * K, ReportModels.crash().steps().get(2).after().memory().regions()),
                new MemoryMap(4096, POOL, 16 * M, thousands),
                ReportModels.bigMap(),
                new MemoryMap(4096, 0, 0, List.of(region(RegionKind.HOST_TAKEN, "x", 5 * G, 4 * K))),
                new MemoryMap(0, POOL, 3, List.of(region(RegionKind.SEGMENT, "odd", POOL + 1, 0))));
    }

    @ParameterizedTest
    @MethodSource("maps")
    void everyRegionRectLiesInsideThePicture(MemoryMap map) {
        Document svg = draw(map);
        String[] box = svg.getDocumentElement().getAttribute("viewBox").split(" ");
        double width = Double.parseDouble(box[2]);
        double height = Double.parseDouble(box[3]);

        assertEquals(map.regions().size(), regionRects(svg).size());
        for (Element rect : regionRects(svg)) {
            double x = number(rect, "x");
            double y = number(rect, "y");
            assertTrue(x >= 0 && x + number(rect, "width") <= width, "x out of picture: " + Xml.title(rect));
            assertTrue(y >= 0 && y + number(rect, "height") <= height, "y out of picture: " + Xml.title(rect));
            assertTrue(number(rect, "width") >= 1, "too thin to see: " + Xml.title(rect));
        }
    }

    @Test
    void aRegionStraddlingThePoolEdgeIsDrawnInBothBands() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K,
                List.of(region(RegionKind.SEGMENT, "edge", POOL + 60 * K, 8 * K)));

        List<Element> rects = regionRects(draw(map));

        assertEquals(2, rects.size());
        assertEquals("0", rects.get(0).getAttribute("data-region"));
        assertEquals("0", rects.get(1).getAttribute("data-region"));
    }

    @Test
    void overlappingInstancesGoToSeparateLanesAndTheOverlapIsHatched() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K, List.of(
                region(RegionKind.INSTANCE, "web", POOL, 32 * K),
                region(RegionKind.INSTANCE, "db", POOL + 16 * K, 32 * K)));

        Document svg = draw(map);

        assertNotEquals(number(rectOf(svg, 0), "y"), number(rectOf(svg, 1), "y"));
        List<Element> overlaps = Xml.withClass(svg, "rect", "overlap");
        assertEquals(1, overlaps.size());
        assertTrue(Xml.title(overlaps.get(0)).contains("0x40004000\u20130x40007fff"), Xml.title(overlaps.get(0)));
    }

    @Test
    void aSegmentInsideItsInstanceIsNotAnOverlap() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K, List.of(
                region(RegionKind.INSTANCE, "web", POOL, 32 * K),
                region(RegionKind.SEGMENT, "web", POOL, 16 * K),
                region(RegionKind.HOST_TAKEN, "web", 4 * G, 16 * K),
                region(RegionKind.SEGMENT, "web", 4 * G, 16 * K)));

        assertEquals(List.of(), Xml.withClass(draw(map), "rect", "overlap"));
    }

    @Test
    void thePageGridIsDrawnForAFewPagesAndNotForThousands() {
        MemoryMap few = new MemoryMap(4096, POOL, 16 * 4 * K, List.of());
        MemoryMap many = new MemoryMap(4096, POOL, 64 * M, List.of());

        List<Element> grid = Xml.withClass(draw(few), "g", "page-grid");
        assertEquals(1, grid.size());
        assertEquals(15, Xml.elements(grid.get(0), "line").size());
        assertEquals(List.of(), Xml.withClass(draw(many), "g", "page-grid"));
    }

    @Test
    void anEightKiloByteSegmentInA64MegaBytePoolIsWideEnoughToFindAndDoesNotCoverItsNeighbour() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * M, List.of(
                region(RegionKind.INSTANCE, "db", POOL, 4 * M),
                region(RegionKind.SEGMENT, "db", POOL + M, M),
                region(RegionKind.SEGMENT, "db", POOL + 2 * M, 8 * K),
                region(RegionKind.CONTROL_PAGE, "db", POOL + 2 * M + 8 * K, 4 * K)));
        Document svg = draw(map);

        Element small = rectOf(svg, 2);
        Element control = rectOf(svg, 3);
        assertTrue(number(small, "width") >= 8, "8K segment drawn " + small.getAttribute("width") + " wide");
        assertTrue(number(control, "width") >= 8, "control page drawn " + control.getAttribute("width") + " wide");
        assertTrue(number(small, "x") + number(small, "width") <= number(control, "x") + 0.1,
                "the 8K segment covers the control page after it");
        assertTrue(texts(svg).stream().anyMatch(t -> t.contains("not to scale")), "the widening is not said");
    }

    @Test
    void everyKindHasItsOwnColourAndTagAndALabelStartsWithItsKindsTag() {
        Set<String> fills = new HashSet<>();
        Set<String> tags = new HashSet<>();
        for (RegionKind kind : RegionKind.values()) {
            fills.add(MemoryMapSvg.style(kind).fill());
            tags.add(MemoryMapSvg.style(kind).tag());
        }
        assertEquals(RegionKind.values().length, fills.size());
        long leaks = java.util.Arrays.stream(RegionKind.values()).filter(k -> MemoryMapSvg.style(k).tag().equals("LEAK"))
                .count();
        assertEquals(List.of(RegionKind.POOL_LEAKED, RegionKind.ALLOCATION_LEAKED, RegionKind.HOST_LEAKED),
                java.util.Arrays.stream(RegionKind.values()).filter(k -> MemoryMapSvg.style(k).tag().equals("LEAK"))
                        .toList());
        assertEquals(RegionKind.values().length - leaks + 1, tags.size(), "only the leaks share the tag LEAK");
        List<String> labels = texts(draw(new MemoryMap(4096, POOL, 64 * K, List.of(
                region(RegionKind.INSTANCE, "db", POOL, 32 * K),
                region(RegionKind.SEGMENT, "db", POOL, 16 * K),
                region(RegionKind.CONTROL_PAGE, "db", POOL + 16 * K, 16 * K)))));
        assertTrue(labels.contains("mem db"), labels.toString());
        assertTrue(labels.contains("seg db"), labels.toString());
        assertTrue(labels.contains("ctl db"), labels.toString());
    }

    @Test
    void axisLabelsAreHexAddressesFromPoolStartToPoolEnd() {
        List<String> labels = new ArrayList<>();
        Document svg = draw(new MemoryMap(4096, POOL, 64 * M, List.of()));
        for (Element text : Xml.elements(svg, "text")) {
            if (text.getTextContent().matches("0x[0-9a-f]+")) {
                labels.add(text.getTextContent());
            }
        }

        assertEquals("0x40000000", labels.get(0));
        assertEquals("0x44000000", labels.get(labels.size() - 1));
        assertTrue(labels.size() >= 3 && labels.size() <= 10, labels.toString());
    }

    @Test
    void anEmptyMapDrawsThePoolAndSaysThereAreNoRegions() {
        Document svg = draw(new MemoryMap(4096, POOL, 64 * M, List.of()));

        assertEquals(List.of(), regionRects(svg));
        assertTrue(texts(svg).contains("no regions"), texts(svg).toString());
    }

    @Test
    void withoutAPoolEveryRegionIsInHostRam() {
        Document svg = draw(new MemoryMap(4096, 0, 0, List.of(region(RegionKind.HOST_TAKEN, "web", 5 * G, 4 * K))));

        assertTrue(texts(svg).contains("no pool: every region lies in host RAM"), texts(svg).toString());
        List<Element> host = Xml.withClass(svg, "g", "host");
        assertEquals(1, host.size());
        assertEquals(1, Xml.withAttribute(host.get(0), "rect", "data-region").size());
    }

    @Test
    void hostRegionsGigabytesApartAreBoxedInAddressOrderWithTheirAddressesAndTheGap() {
        MemoryMap map = new MemoryMap(4096, POOL, 4 * M, List.of(
                region(RegionKind.HOST_TAKEN, "db", 0x1_0000_0000L, 2 * M),
                region(RegionKind.HANDOVER_PAGE, "web", 0x7ff0_0000L, 4 * K)));

        Document svg = draw(map);

        assertTrue(number(rectOf(svg, 1), "x") < number(rectOf(svg, 0), "x"), "handover page first by address");
        List<String> texts = texts(svg);
        assertTrue(texts.contains("0x7ff00000"), texts.toString());
        assertTrue(texts.contains("0x100000000"), texts.toString());
        // the boxes are equal in width whatever their size: 4K and 2M alike
        assertEquals(number(rectOf(svg, 0), "width"), number(rectOf(svg, 1), "width"));
        // the cut between the handover page and the host RAM taken says what it skips
        assertTrue(texts.contains("+" + Text.size(0x1_0000_0000L - 0x7ff0_1000L)), texts.toString());
    }

    @Test
    void aLabelThatDoesNotFitIsLeftOutButTheTooltipKeepsTheOwner() {
        String owner = "an-instance-with-a-very-long-name";
        MemoryMap map = new MemoryMap(4096, POOL, 64 * M, List.of(region(RegionKind.SEGMENT, owner, POOL, 4 * K)));

        Document svg = draw(map);

        assertTrue(texts(svg).stream().noneMatch(t -> t.contains("very-long")), texts(svg).toString());
        assertTrue(Xml.title(rectOf(svg, 0)).contains(owner), Xml.title(rectOf(svg, 0)));
    }

    @Test
    void touchingRegionsOfOneOwnerShareOneLabel() {
        List<Region> chunks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            chunks.add(region(RegionKind.POOL_FREE, "pool", POOL + i * 4 * K, 4 * K));
        }

        Document svg = draw(new MemoryMap(4096, POOL, 256 * K, chunks));

        assertEquals(1, texts(svg).stream().filter("free pool"::equals).count() - 1, texts(svg).toString() + " (one more in the legend)");
    }

    @Test
    void ownerNamesAreEscapedInLabelsAndTooltips() {
        String name = ReportModels.HOSTILE_NAME;
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K,
                List.of(region(RegionKind.INSTANCE, name, POOL, 64 * K, "</title><b>")));

        String text = MemoryMapSvg.render(map, "t");
        Document svg = Xml.parse(text);

        assertTrue(!text.contains("<script") && !text.contains("<b>"), text);
        assertTrue(texts(svg).contains("mem " + name), texts(svg).toString());
        assertTrue(Xml.title(rectOf(svg, 0)).contains(name + ": ") && Xml.title(rectOf(svg, 0)).endsWith("</title><b>"),
                Xml.title(rectOf(svg, 0)));
    }

    @Test
    void theLegendNamesTheKindsDrawnAndNoOthers() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K, List.of(
                region(RegionKind.INSTANCE, "web", POOL, 32 * K),
                region(RegionKind.POOL_LEAKED, "pool", POOL + 32 * K, 4 * K)));

        Element legend = Xml.withClass(draw(map), "g", "legend").get(0);
        List<String> names = new ArrayList<>();
        for (Element text : Xml.elements(legend, "text")) {
            names.add(text.getTextContent());
        }

        assertEquals(List.of("instance memory", "leaked pool pages"), names);
    }

    @Test
    void aNegativeSizeIsAProgrammingError() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K, List.of(region(RegionKind.SEGMENT, "x", POOL, -4096)));

        assertThrows(IllegalArgumentException.class, () -> MemoryMapSvg.render(map, "t"));
    }

    @Test
    void idPrefixesThatCouldBreakAnAttributeAreRejected() {
        MemoryMap map = new MemoryMap(4096, POOL, 64 * K, List.of());

        assertThrows(IllegalArgumentException.class, () -> MemoryMapSvg.render(map, "a\" onload=\"x"));
    }
}
