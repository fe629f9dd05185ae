package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.HEX;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADFLAGS;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADMAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADSTATE;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_NOSPACE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FdtSwTest {

    /** Writes root { a = <5>; n { a = <7>; }; } into a 128-byte buffer. */
    private static byte[] tinyTree(int bufsize) {
        byte[] buf = new byte[bufsize];
        int err = FdtSw.fdt_create(buf, bufsize);
        err |= FdtSw.fdt_finish_reservemap(buf);
        err |= FdtSw.fdt_begin_node(buf, "");
        err |= FdtSw.fdt_property_u32(buf, "a", 5);
        err |= FdtSw.fdt_begin_node(buf, "n");
        err |= FdtSw.fdt_property_u32(buf, "a", 7);
        err |= FdtSw.fdt_end_node(buf);
        err |= FdtSw.fdt_end_node(buf);
        err |= FdtSw.fdt_finish(buf);
        assertEquals(0, err);
        return buf;
    }

    @Test
    void aTinyTreeHasTheHandComputedLayout() {
        String expected = ""
                // magic, totalsize 0x7e, off_dt_struct 0x40, off_dt_strings 0x7c, off_mem_rsvmap 0x30,
                // version 17, last_comp_version 16, boot_cpuid_phys 0, size_dt_strings 2, size_dt_struct 0x3c
                + "d00dfeed" + "0000007e" + "00000040" + "0000007c" + "00000030"
                + "00000011" + "00000010" + "00000000" + "00000002" + "0000003c"
                + "0000000000000000"                                 // pad to the 16-aligned reservation map
                + "00000000000000000000000000000000"                 // its terminating entry
                + "00000001" + "00000000"                            // BEGIN_NODE ""
                + "00000003" + "00000004" + "00000000" + "00000005"  // PROP len 4, nameoff 0: 5
                + "00000001" + "6e000000"                            // BEGIN_NODE "n"
                + "00000003" + "00000004" + "00000000" + "00000007"  // PROP "a" shared: 7
                + "00000002" + "00000002" + "00000009"               // END_NODE, END_NODE, END
                + "6100"                                             // strings: "a", moved after the structure
                + "6100";                                            // where it was written, at the buffer end
        assertEquals(expected, HEX.formatHex(tinyTree(128)));
    }

    @Test
    void whileWritingTheHeaderKeepsTheWritersStateAsLibfdtDoes() {
        byte[] buf = new byte[100];
        assertEquals(0, FdtSw.fdt_create_with_flags(buf, 96, Libfdt.FDT_CREATE_FLAG_NO_NAME_DEDUP));
        FdtView v = FdtView.of(buf);
        assertEquals(Libfdt.FDT_SW_MAGIC, FdtRo.fdt_magic(v));
        assertEquals(96, FdtRo.fdt_totalsize(v));
        assertEquals(Libfdt.FDT_CREATE_FLAG_NO_NAME_DEDUP, FdtRo.fdt_last_comp_version(v));
        assertEquals(0, FdtRo.fdt_off_dt_strings(v), "memrsv state");
        assertEquals(0, FdtSw.fdt_finish_reservemap(buf));
        assertEquals(96, FdtRo.fdt_off_dt_strings(v), "struct state");
        assertEquals(0x40, FdtRo.fdt_off_dt_struct(v));
    }

    @Test
    void callsOutOfOrderReturnBadState() {
        byte[] buf = new byte[256];
        assertEquals(0, FdtSw.fdt_create(buf, 256));
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_begin_node(buf, ""), "node before the reservation map ends");
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_property_u32(buf, "a", 1));
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_end_node(buf));
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_finish(buf));
        assertEquals(0, FdtSw.fdt_finish_reservemap(buf));
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_add_reservemap_entry(buf, 1, 2), "reservation after the map");
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_finish_reservemap(buf));
        assertEquals(0, FdtSw.fdt_begin_node(buf, ""));
        assertEquals(0, FdtSw.fdt_end_node(buf));
        assertEquals(0, FdtSw.fdt_finish(buf));
        byte[] finished = buf.clone();
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_finish(buf), "a finished blob");
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_begin_node(buf, "x"));
        assertEquals(-FDT_ERR_BADSTATE, FdtSw.fdt_add_reservemap_entry(buf, 1, 2));
        assertArrayEquals(finished, buf, "failed calls write nothing");
    }

    @Test
    void callsOnABufferThatIsNoBlobReturnBadMagic() {
        byte[] buf = new byte[64];
        Arrays.fill(buf, (byte) 0x5a);
        assertEquals(-FDT_ERR_BADMAGIC, FdtSw.fdt_begin_node(buf, ""));
        assertEquals(-FDT_ERR_BADMAGIC, FdtSw.fdt_add_reservemap_entry(buf, 0, 0));
        assertEquals(-FDT_ERR_BADMAGIC, FdtSw.fdt_finish(buf));
    }

    @Test
    void createRejectsASmallBufferAndUnknownFlagsWithoutTouchingIt() {
        byte[] buf = new byte[64];
        Arrays.fill(buf, (byte) 0x5a);
        byte[] before = buf.clone();
        assertEquals(-FDT_ERR_NOSPACE, FdtSw.fdt_create(buf, 47));
        assertEquals(-FDT_ERR_NOSPACE, FdtSw.fdt_create(buf, -1));
        assertEquals(-FDT_ERR_BADFLAGS, FdtSw.fdt_create_with_flags(buf, 64, 2));
        assertArrayEquals(before, buf);
        assertEquals(0, FdtSw.fdt_create(buf, 48), "a header and the reservation map start fit exactly");
        assertEquals(-FDT_ERR_NOSPACE, FdtSw.fdt_finish_reservemap(buf), "but no terminating entry");
    }

    @Test
    void aPropertyNameIsSharedWithASuffixOfAnEarlierName() {
        byte[] buf = new byte[256];
        FdtSw.fdt_create(buf, 256);
        FdtSw.fdt_finish_reservemap(buf);
        FdtSw.fdt_begin_node(buf, "");
        FdtSw.fdt_property_u32(buf, "ba", 1);
        FdtSw.fdt_property_u32(buf, "a", 2);
        FdtSw.fdt_property_u32(buf, "ba", 3);
        FdtView v = FdtView.of(buf);
        assertEquals(3, FdtRo.fdt_size_dt_strings(v), "only \"ba\\0\" is stored");
        int structStart = FdtRo.fdt_off_dt_struct(v);
        assertEquals(-3, v.u32(structStart + 8 + 8), "\"ba\" at the bottom of the strings block");
        assertEquals(-2, v.u32(structStart + 8 + 16 + 8), "\"a\" is the tail of \"ba\"");
        assertEquals(-3, v.u32(structStart + 8 + 32 + 8));
    }

    @Test
    void withoutNameDeduplicationEveryNameIsStoredAgain() {
        byte[] buf = new byte[256];
        FdtSw.fdt_create_with_flags(buf, 256, Libfdt.FDT_CREATE_FLAG_NO_NAME_DEDUP);
        FdtSw.fdt_finish_reservemap(buf);
        FdtSw.fdt_begin_node(buf, "");
        FdtSw.fdt_property_u32(buf, "ba", 1);
        FdtSw.fdt_property_u32(buf, "ba", 2);
        assertEquals(6, FdtRo.fdt_size_dt_strings(FdtView.of(buf)));
    }

    @Test
    void aPropertyThatDoesNotFitRollsItsNameBackButLeavesItsBytes() {
        byte[] buf = new byte[80];
        FdtSw.fdt_create(buf, 80);
        FdtSw.fdt_finish_reservemap(buf);
        assertEquals(0, FdtSw.fdt_begin_node(buf, ""));
        assertEquals(-FDT_ERR_NOSPACE, FdtSw.fdt_property(buf, "big", new byte[16], 16));
        FdtView v = FdtView.of(buf);
        assertEquals(0, FdtRo.fdt_size_dt_strings(v), "the name was taken back");
        assertEquals(8, FdtRo.fdt_size_dt_struct(v), "the structure did not grow");
        assertEquals("626967" + "00", HEX.formatHex(Arrays.copyOfRange(buf, 76, 80)), "but its bytes stay");
        assertEquals(-FDT_ERR_NOSPACE, FdtSw.fdt_property_u32(buf, "ab", 1), "4 + 12 bytes do not fit either");
        assertEquals(0, FdtSw.fdt_end_node(buf));
        assertEquals(0, FdtSw.fdt_finish(buf));
        assertEquals(0, FdtRo.fdt_check_full(FdtView.of(buf), 80));
    }

    @Test
    void anUnfinishedBlobIsReadableButFailsTheHeaderCheck() {
        byte[] buf = new byte[4096];
        FdtSw.fdt_create(buf, 4096);
        FdtSw.fdt_finish_reservemap(buf);
        FdtSw.fdt_begin_node(buf, "");
        FdtSw.fdt_property_string(buf, "compatible", "multikernel-v1");
        FdtSw.fdt_begin_node(buf, "multikernel");
        FdtView v = FdtView.of(buf);
        assertEquals(-FDT_ERR_BADMAGIC, FdtRo.fdt_check_header(v));
        assertEquals(0, FdtRo.fdt_node_check_compatible(v, 0, "multikernel-v1"), "names resolve downwards");
        assertEquals(FdtRo.fdt_first_subnode(v, 0), FdtRo.fdt_path_offset(v, "/multikernel"));
        assertNotEquals(0, FdtRo.fdt_check_full(v, 4096));
    }

    @Test
    void propertyHelpersWriteBigEndianValuesAndCStrings() {
        byte[] buf = new byte[256];
        FdtSw.fdt_create(buf, 256);
        FdtSw.fdt_finish_reservemap(buf);
        FdtSw.fdt_begin_node(buf, "");
        FdtSw.fdt_property_u64(buf, "q", 0x0102030405060708L);
        FdtSw.fdt_property_cell(buf, "c", 0xa0b0c0d0);
        FdtSw.fdt_property_string(buf, "s", "hi\0ignored");
        FdtSw.fdt_end_node(buf);
        FdtSw.fdt_finish(buf);
        FdtTree.Node root = ((FdtTree.Parsed) FdtTree.parse(buf)).tree().root().orElseThrow();
        assertEquals("0102030405060708", HEX.formatHex(root.property("q").orElseThrow().value()));
        assertEquals("a0b0c0d0", HEX.formatHex(root.property("c").orElseThrow().value()));
        assertEquals("686900", HEX.formatHex(root.property("s").orElseThrow().value()), "cut at the NUL");
    }
}
