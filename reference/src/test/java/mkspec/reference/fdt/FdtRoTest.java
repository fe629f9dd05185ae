package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FdtRoTest {

    private static final byte[] FIXTURE = Blobs.fixture().toBlob();

    @Test
    void pathsResolveThroughNamesUnitAddressesAndAliases() {
        FdtView v = FdtView.of(FIXTURE);
        int b = FdtRo.fdt_path_offset(v, "/b");
        int c = FdtRo.fdt_path_offset(v, "/b/c");
        assertTrue(b > 0 && c > b);
        assertEquals(c, FdtRo.fdt_path_offset(v, "x"), "alias x = \"/b/c\"");
        assertEquals(c, FdtRo.fdt_subnode_offset(v, b, "c"));
        assertEquals(FdtRo.fdt_path_offset(v, "/a@1"), FdtRo.fdt_path_offset(v, "y"));
        int first = FdtRo.fdt_next_subnode(v, FdtRo.fdt_path_offset(v, "/aliases"));
        assertEquals(first, FdtRo.fdt_path_offset(v, "/a"), "a name without unit address matches a@1@x first");
        assertEquals(FdtRo.fdt_next_subnode(v, first), FdtRo.fdt_path_offset(v, "/a@1"), "a@1 does not match a@1@x");
        assertEquals(-Libfdt.FDT_ERR_NOTFOUND, FdtRo.fdt_path_offset(v, "/nope"));
        assertEquals(-Libfdt.FDT_ERR_BADPATH, FdtRo.fdt_path_offset(v, "nope"));
        assertEquals(0, FdtRo.fdt_path_offset(v, "//"));
        assertFalse(v.readOutOfBounds());
    }

    @Test
    void propertiesAreFoundByNameAndByOffset() {
        FdtView v = FdtView.of(FIXTURE);
        int[] len = {0};
        long data = FdtRo.fdt_getprop(v, 0, "compatible", len);
        assertEquals("a\0b\0", new String(v.read(data, len[0]), StandardCharsets.ISO_8859_1));
        assertEquals(0, FdtRo.fdt_node_check_compatible(v, 0, "b"));
        assertEquals(1, FdtRo.fdt_node_check_compatible(v, 0, "c"));
        assertEquals(-Libfdt.FDT_ERR_NOTFOUND, FdtRo.fdt_node_check_compatible(v, FdtRo.fdt_path_offset(v, "/aliases"),
                "b"), "no compatible property");
        assertEquals(FdtRo.NULL, FdtRo.fdt_getprop(v, 0, "missing", len));
        assertEquals(-Libfdt.FDT_ERR_NOTFOUND, len[0]);

        int p = FdtRo.fdt_first_property_offset(v, 0);
        long[] name = {FdtRo.NULL};
        assertEquals(data, FdtRo.fdt_getprop_by_offset(v, p, name, len));
        assertEquals("compatible", v.cString(name[0]));
        int second = FdtRo.fdt_next_property_offset(v, p);
        assertEquals(-Libfdt.FDT_ERR_NOTFOUND, FdtRo.fdt_next_property_offset(v, second));
        assertEquals(-Libfdt.FDT_ERR_BADOFFSET, FdtRo.fdt_next_property_offset(v, p + 1));
    }

    @Test
    void subnodesAreWalkedInOrder() {
        FdtView v = FdtView.of(FIXTURE);
        StringBuilder names = new StringBuilder();
        int[] len = {0};
        for (int n = FdtRo.fdt_first_subnode(v, 0); n >= 0; n = FdtRo.fdt_next_subnode(v, n)) {
            names.append(v.cString(FdtRo.fdt_get_name(v, n, len))).append(' ');
        }
        assertEquals("aliases a@1@x a@1 a b ", names.toString());
        assertEquals(2, FdtRo.fdt_num_mem_rsv(v));
        long[] address = {0};
        long[] size = {0};
        assertEquals(0, FdtRo.fdt_get_mem_rsv(v, 1, address, size));
        assertEquals(-1L, address[0]);
        assertEquals(1L, size[0]);
        assertEquals(-Libfdt.FDT_ERR_BADOFFSET, FdtRo.fdt_get_mem_rsv(v, 100, address, size));
    }

    @Test
    void aBufferShorterThanTheClaimedSizeIsReadPastItsEndAndCounted() {
        // the kernel hands libfdt a copy cut short: the header still claims the whole blob
        int cut = FIXTURE.length - 40;
        FdtView v = new FdtView(Arrays.copyOf(FIXTURE, FIXTURE.length), cut);
        assertEquals(0, FdtRo.fdt_check_header(v), "the header alone looks fine");
        assertFalse(v.readOutOfBounds());
        assertTrue(FdtRo.fdt_path_offset(v, "/b/c") > 0);
        assertFalse(v.readOutOfBounds(), "node names lie in the structure block, inside the buffer");
        int[] len = {0};
        FdtRo.fdt_getprop(v, 0, "compatible", len);
        assertTrue(v.readOutOfBounds(), "libfdt read the strings block past the buffer");
        assertTrue(v.firstOutOfBoundsOffset() >= cut);
        assertEquals(-Libfdt.FDT_ERR_TRUNCATED, FdtRo.fdt_check_full(v, cut));
    }

    @Test
    void aPropertyLengthThatWrapsBackEndsTheWalkInsteadOfLoopingForever() {
        // libfdt 1.6.1 steps back onto the same token here and fdt_check_full never ends; the model, like later
        // libfdt and the kernel's copy, treats the wrap as a premature end, so no upload can hang the reference
        byte[] b = FIXTURE.clone();
        FdtView v = FdtView.of(b);
        int p = FdtRo.fdt_first_property_offset(v, 0);
        Blobs.put(b, FdtRo.fdt_off_dt_struct(v) + p + 4, -12);
        int[] next = {0};
        assertEquals(Libfdt.FDT_END, FdtRo.fdt_next_tag(v, p, next));
        assertEquals(-Libfdt.FDT_ERR_BADSTRUCTURE, next[0]);
        assertTrue(FdtRo.fdt_next_property_offset(v, p) < 0);
        assertTrue(FdtRo.fdt_check_full(v, b.length) < 0);
    }

    @Test
    void anOldVersionRootWithoutSlashFailsTheFullCheckWhereLibfdtDereferencesNull() {
        byte[] b = FIXTURE.clone();
        Blobs.put(b, Libfdt.OFF_VERSION, 16);
        assertEquals(0, FdtRo.fdt_check_full(FdtView.of(b), b.length));
        Blobs.put(b, Libfdt.OFF_VERSION, 3);
        Blobs.put(b, Libfdt.OFF_LAST_COMP_VERSION, 2);
        assertEquals(-Libfdt.FDT_ERR_BADSTRUCTURE, FdtRo.fdt_check_full(FdtView.of(b), b.length));
        assertTrue(FdtCheckOracleTest.dereferencesNull(b));
    }

    @Test
    void headerChecksRejectBadMagicVersionAndBlocksOutsideTheBlob() {
        byte[] b = FIXTURE.clone();
        Blobs.put(b, Libfdt.OFF_MAGIC, 0);
        assertEquals(-Libfdt.FDT_ERR_BADMAGIC, FdtRo.fdt_check_header(FdtView.of(b)));
        b = FIXTURE.clone();
        Blobs.put(b, Libfdt.OFF_LAST_COMP_VERSION, 18);
        assertEquals(-Libfdt.FDT_ERR_BADVERSION, FdtRo.fdt_check_header(FdtView.of(b)));
        b = FIXTURE.clone();
        Blobs.put(b, Libfdt.OFF_SIZE_DT_STRINGS, FIXTURE.length);
        assertEquals(-Libfdt.FDT_ERR_TRUNCATED, FdtRo.fdt_check_header(FdtView.of(b)));
        b = FIXTURE.clone();
        Blobs.put(b, Libfdt.OFF_TOTALSIZE, 39);
        assertEquals(-Libfdt.FDT_ERR_TRUNCATED, FdtRo.fdt_check_header(FdtView.of(b)));
        assertEquals(-Libfdt.FDT_ERR_TRUNCATED, FdtRo.fdt_check_full(FdtView.of(FIXTURE), FIXTURE.length - 1));
    }

    @Test
    void errorsAreNamedAs161NamesThem() {
        assertEquals("FDT_ERR_NOTFOUND", Libfdt.fdt_strerror(-1));
        assertEquals("FDT_ERR_BADFLAGS", Libfdt.fdt_strerror(-18));
        assertEquals("<unknown error>", Libfdt.fdt_strerror(-Libfdt.FDT_ERR_ALIGNMENT));
        assertEquals("<no error>", Libfdt.fdt_strerror(0));
        assertEquals("<valid offset/length>", Libfdt.fdt_strerror(4));
        assertEquals("<unknown error>", Libfdt.fdt_strerror(Integer.MIN_VALUE));
        assertEquals("d00dfeed", HEX.formatHex(Arrays.copyOf(FIXTURE, 4)));
    }
}
