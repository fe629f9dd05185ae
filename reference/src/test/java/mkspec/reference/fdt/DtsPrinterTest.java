package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.node;
import static mkspec.reference.fdt.Blobs.prop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DtsPrinterTest {

    @Test
    void aSmallTreePrintsAsExpected() {
        FdtTree tree = new FdtTree(List.of(new FdtTree.MemReserve(0x1000, 0x20)),
                node("", List.of(prop("compatible", "multikernel-v1")),
                        node("multikernel", List.of(prop("flag"), prop("id", (byte) 0, (byte) 0, (byte) 0, (byte) 7)),
                                node("instance@1", List.of()))));
        assertEquals("/dts-v1/;\n\n"
                + "/memreserve/ 0x1000 0x20;\n\n"
                + "/ {\n"
                + "\tcompatible = \"multikernel-v1\";\n\n"
                + "\tmultikernel {\n"
                + "\t\tflag;\n"
                + "\t\tid = <0x7>;\n\n"
                + "\t\tinstance@1 {\n"
                + "\t\t};\n"
                + "\t};\n"
                + "};\n", DtsPrinter.print(tree));
    }

    @Test
    void valuesPrintAsStringsCellsOrBytes() {
        assertEquals("\"a\", \"b c\"", DtsPrinter.formatValue("a\0b c\0".getBytes()));
        assertEquals("\"q\\\"\\\\\\t\\n\\r\"", DtsPrinter.formatValue("q\"\\\t\n\r\0".getBytes()));
        assertEquals("<0x0 0xffffffff>", DtsPrinter.formatValue(new byte[] {0, 0, 0, 0, -1, -1, -1, -1}));
        assertEquals("<0x61620000>", DtsPrinter.formatValue("ab\0\0".getBytes()), "an empty string is no string");
        assertEquals("[61 80 00]", DtsPrinter.formatValue(new byte[] {'a', (byte) 0x80, 0}), "nor a high byte");
        assertEquals("[00]", DtsPrinter.formatValue(new byte[] {0}));
        assertEquals("[61 62]", DtsPrinter.formatValue("ab".getBytes()), "nor an unterminated one");
    }

    @Test
    void treesDtcCannotGiveBackAreRefused() {
        FdtTree.Node ok = node("n", List.of());
        assertTrue(DtsPrinter.unprintableReason(new FdtTree(List.of(), node("", List.of(), ok))).isEmpty());
        assertReason("no root", new FdtTree(List.of(), List.of(), Optional.empty()));
        assertReason("outside", new FdtTree(List.of(), List.of(prop("p", "x")), Optional.of(node("", List.of()))));
        assertReason("two nodes", new FdtTree(List.of(), node("", List.of(), ok, ok)));
        assertReason("two properties", new FdtTree(List.of(), node("", List.of(prop("p"), prop("p")))));
        assertReason("'name'", new FdtTree(List.of(), node("", List.of(prop("name", "x")))));
        assertReason("node name", new FdtTree(List.of(), node("", List.of(), node("a#b", List.of()))));
        assertReason("node name", new FdtTree(List.of(), node("", List.of(), node("a@1@2", List.of()))));
        assertReason("property name", new FdtTree(List.of(), node("", List.of(prop("a@b")))));
        FdtTree.Property ph = prop("phandle", (byte) 0, (byte) 0, (byte) 0, (byte) 5);
        assertTrue(DtsPrinter.unprintableReason(new FdtTree(List.of(), node("", List.of(ph)))).isEmpty());
        assertReason("also", new FdtTree(List.of(), node("", List.of(ph), node("c", List.of(ph)))));
        assertReason("rejects", new FdtTree(List.of(), node("", List.of(prop("phandle", (byte) 0)))));
        assertThrows(IllegalArgumentException.class,
                () -> DtsPrinter.print(new FdtTree(List.of(), List.of(), Optional.empty())));
    }

    @Test
    void treesDtcCannotGiveBackPrintAnywayWithTheirNamesAsTheyAreAndTheRestAsComments() {
        FdtTree odd = new FdtTree(List.of(new FdtTree.MemReserve(0x1000, 0x10)), List.of(prop("p", "x")),
                Optional.of(node("", List.of(prop("a@b")), node("a#b", List.of(prop("q", (byte) 1))))));
        assertEquals("/dts-v1/;\n\n/memreserve/ 0x1000 0x10;\n\n// outside the root node: p = \"x\";\n"
                + "/ {\n\ta@b;\n\n\ta#b {\n\t\tq = [01];\n\t};\n};\n", DtsPrinter.printAnyway(odd));
        assertEquals("/dts-v1/;\n\n// no root node\n",
                DtsPrinter.printAnyway(new FdtTree(List.of(), List.of(), Optional.empty())));
    }

    @Test
    void aReasonNamesTheFullPathOfANodeDeepDown() {
        FdtTree deep = new FdtTree(List.of(), node("", List.of(), node("a", List.of(), node("b", List.of(),
                node("x y", List.of()))), node("c", List.of())));
        assertReason("node name 'x y' at /a/b/x y is not one", deep);
    }

    private static void assertReason(String fragment, FdtTree tree) {
        String why = DtsPrinter.unprintableReason(tree).orElseThrow();
        assertTrue(why.contains(fragment), why);
    }
}
