package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.node;
import static mkspec.reference.fdt.Blobs.prop;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FdtTreeTest {

    private static final long SEED = 0x7ee0_0001L;

    @Test
    void aWrittenTreeParsesBackToItself() {
        for (int i = 0; i < 300; i++) {
            FdtTree tree = RandomTrees.tree(new Random(SEED + i), i % 2 == 0);
            assertEquals(new FdtTree.Parsed(tree), FdtTree.parse(tree.toBlob()), "seed " + (SEED + i));
        }
    }

    @Test
    void orphanPropertiesAndAMissingRootSurviveTheRoundTrip() {
        FdtTree tree = new FdtTree(List.of(), List.of(prop("early", "x")), Optional.empty());
        assertEquals(new FdtTree.Parsed(tree), FdtTree.parse(tree.toBlob()));
    }

    @Test
    void propertiesAfterAChildNodeAreLatePropertiesThatLibfdtsLookupsDoNotReach() {
        FdtTree.Node child = node("c", List.of(prop("inner", "y")));
        FdtTree tree = new FdtTree(List.of(), new FdtTree.Node("", List.of(prop("early", "x")), List.of(child),
                List.of(prop("late", "z"))));
        byte[] blob = tree.toBlob();
        assertEquals(new FdtTree.Parsed(tree), FdtTree.parse(blob));
        FdtView v = FdtView.of(blob);
        int[] len = {0};
        assertTrue(FdtRo.fdt_getprop(v, 0, "early", len) != FdtRo.NULL);
        assertEquals(FdtRo.NULL, FdtRo.fdt_getprop(v, 0, "late", len));
        assertEquals(-Libfdt.FDT_ERR_NOTFOUND, len[0]);
        assertTrue(DtsPrinter.unprintableReason(tree).orElseThrow().contains("'late' at / follows a child node"));
        assertTrue(DtsPrinter.printAnyway(tree)
                .contains("\t\tinner = \"y\";\n\t};\n\t// after the child nodes: late = \"z\";\n};"),
                DtsPrinter.printAnyway(tree));
    }

    @Test
    void theParserNeverThrowsAndAgreesWithTheFullCheck() {
        Random r = new Random(SEED);
        List<byte[]> bases = Blobs.bases(r, 20);
        for (int i = 0; i < 4000; i++) {
            byte[] base = bases.get(r.nextInt(bases.size()));
            byte[] b = i % 4 == 0 ? Arrays.copyOf(base, r.nextInt(base.length + 1)) : Blobs.mutate(base, r);
            if (Blobs.mayHangLibfdt(b)) {
                continue;
            }
            FdtTree.ParseResult p = FdtTree.parse(b);
            int full = FdtRo.fdt_check_full(FdtView.of(b), b.length);
            if (full == 0) {
                assertTrue(p instanceof FdtTree.Parsed, "seed " + SEED + ", blob " + i);
            } else {
                FdtTree.Malformed m = (FdtTree.Malformed) p;
                assertEquals(full, m.error(), "seed " + SEED + ", blob " + i);
                assertTrue(m.offset() >= 0 && m.message().contains(Libfdt.fdt_strerror(full)), m.toString());
            }
        }
    }

    @Test
    void aMalformedStructureIsReportedAtItsToken() {
        byte[] b = Blobs.fixture().toBlob();
        FdtView v = FdtView.of(b);
        int p = FdtRo.fdt_first_property_offset(v, 0);
        Blobs.put(b, FdtRo.fdt_off_dt_struct(v) + p + 8, 0x7fff_0000); // a name offset past the strings
        FdtTree.Malformed m = (FdtTree.Malformed) FdtTree.parse(b);
        assertEquals(-Libfdt.FDT_ERR_BADOFFSET, m.error());
        assertEquals(FdtRo.fdt_off_dt_struct(v) + p, m.offset());
        assertTrue(m.message().startsWith("structure token at 0x"), m.message());
        FdtTree.Malformed header = (FdtTree.Malformed) FdtTree.parse(Arrays.copyOf(b, 20));
        assertEquals(-Libfdt.FDT_ERR_TRUNCATED, header.error());
        assertEquals(0, header.offset());
    }

    @Test
    void propertiesAreValuesWithCopiedBytes() {
        byte[] bytes = {1, 2, 3};
        FdtTree.Property p = new FdtTree.Property("p", bytes);
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.value(), "copied in");
        p.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, p.value(), "copied out");
        assertEquals(new FdtTree.Property("p", new byte[] {1, 2, 3}), p);
        assertEquals(new FdtTree.Property("p", new byte[] {1, 2, 3}).hashCode(), p.hashCode());
        assertNotEquals(new FdtTree.Property("p", new byte[] {1, 2}), p);
        assertEquals(3, p.length());
    }

    @Test
    void namesAreByteStringsWithoutNul() {
        assertThrows(IllegalArgumentException.class, () -> new FdtTree.Property("a\0b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> node("\u0100", List.of()));
        FdtTree.Node latin = node("caf\u00e9", List.of());
        FdtTree tree = new FdtTree(List.of(), node("", List.of(), latin));
        assertEquals(new FdtTree.Parsed(tree), FdtTree.parse(tree.toBlob()));
    }

    @Test
    void lookupsFindTheFirstOfAName() {
        FdtTree.Node root = Blobs.fixture().root().orElseThrow();
        assertEquals("a@1", root.child("a@1").orElseThrow().name());
        assertTrue(root.child("zz").isEmpty());
        assertEquals(prop("compatible", "a\0b"), root.property("compatible").orElseThrow());
    }
}
