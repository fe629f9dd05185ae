package mkspec.reference.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Valid blobs to start from and the malformed blobs the oracle tests make of them. */
final class Blobs {

    static final HexFormat HEX = HexFormat.of();

    private Blobs() {
    }

    static FdtTree.Property prop(String name, String stringValue) {
        return new FdtTree.Property(name, (stringValue + "\0").getBytes(StandardCharsets.ISO_8859_1));
    }

    static FdtTree.Property prop(String name, byte... value) {
        return new FdtTree.Property(name, value);
    }

    static FdtTree.Node node(String name, List<FdtTree.Property> props, FdtTree.Node... children) {
        return new FdtTree.Node(name, props, List.of(children));
    }

    /** A tree with aliases, unit addresses, a compatible list and reservations, for the lookup functions. */
    static FdtTree fixture() {
        FdtTree.Node root = node("",
                List.of(prop("compatible", "a\0b"), prop("#address-cells", (byte) 0, (byte) 0, (byte) 0, (byte) 2)),
                node("aliases", List.of(prop("x", "/b/c"), prop("y", "/a@1"))),
                node("a@1@x", List.of()),
                node("a@1", List.of(prop("reg", (byte) 0, (byte) 0, (byte) 0, (byte) 1), prop("compatible", "b"))),
                node("a", List.of()),
                node("b", List.of(prop("empty")), node("c", List.of(prop("compatible", "c\0b")))));
        return new FdtTree(List.of(new FdtTree.MemReserve(0x1000, 0x2000), new FdtTree.MemReserve(-1, 1)), root);
    }

    /** Valid blobs: the fixture and random trees, some with orphan properties or no root. */
    static List<byte[]> bases(Random r, int count) {
        List<byte[]> out = new ArrayList<>();
        out.add(fixture().toBlob());
        out.add(new FdtTree(List.of(), List.of(), Optional.empty()).toBlob());
        while (out.size() < count) {
            out.add(RandomTrees.tree(r, false).toBlob());
        }
        return out;
    }

    /** Every prefix of the blob, from empty to whole. */
    static List<byte[]> truncations(byte[] blob) {
        List<byte[]> out = new ArrayList<>();
        for (int len = 0; len <= blob.length; len++) {
            out.add(Arrays.copyOf(blob, len));
        }
        return out;
    }

    /** The offset of every header field. */
    static final int[] HEADER_FIELDS = {
        Libfdt.OFF_MAGIC, Libfdt.OFF_TOTALSIZE, Libfdt.OFF_OFF_DT_STRUCT, Libfdt.OFF_OFF_DT_STRINGS,
        Libfdt.OFF_OFF_MEM_RSVMAP, Libfdt.OFF_VERSION, Libfdt.OFF_LAST_COMP_VERSION, Libfdt.OFF_BOOT_CPUID_PHYS,
        Libfdt.OFF_SIZE_DT_STRINGS, Libfdt.OFF_SIZE_DT_STRUCT,
    };

    /** A malformed (or sometimes still valid) variant of {@code blob}, drawn from {@code r}. */
    static byte[] mutate(byte[] blob, Random r) {
        byte[] b = blob.clone();
        FdtView v = FdtView.of(blob);
        int offStruct = FdtRo.fdt_off_dt_struct(v);
        int sizeStruct = FdtRo.fdt_size_dt_struct(v);
        int offStrings = FdtRo.fdt_off_dt_strings(v);
        int sizeStrings = FdtRo.fdt_size_dt_strings(v);
        switch (r.nextInt(12)) {
            case 0: { // one header field set to an edge or random value
                int field = HEADER_FIELDS[r.nextInt(HEADER_FIELDS.length)];
                int[] choices = {0, 1, 27, 28, 39, 40, 47, 48, b.length - 1, b.length, b.length + 1, b.length + 64,
                    get(b, field) + 4, get(b, field) - 4, get(b, field) + 1, -1, Integer.MAX_VALUE,
                    Integer.MIN_VALUE, r.nextInt(), offStruct, offStrings, offStruct + sizeStruct, 2, 16, 17, 18};
                put(b, field, choices[r.nextInt(choices.length)]);
                break;
            }
            case 1: { // versions
                int[] versions = {0, 1, 2, 3, 15, 16, 17, 18, -1};
                put(b, Libfdt.OFF_VERSION, versions[r.nextInt(versions.length)]);
                put(b, Libfdt.OFF_LAST_COMP_VERSION, versions[r.nextInt(versions.length)]);
                break;
            }
            case 2: // magic
                put(b, Libfdt.OFF_MAGIC, r.nextBoolean() ? Libfdt.FDT_SW_MAGIC : r.nextBoolean()
                        ? Integer.reverseBytes(Libfdt.FDT_MAGIC) : r.nextInt());
                break;
            case 3: { // a token replaced
                int t = token(blob, r);
                int[] tags = {0, 1, 2, 3, 4, 5, 8, 9, 10, r.nextInt()};
                put(b, offStruct + t, tags[r.nextInt(tags.length)]);
                break;
            }
            case 4: { // a property length or name offset replaced
                int t = propToken(blob, r);
                if (t >= 0) {
                    int[] values = {0, 1, 3, 5, 8, 0x7fffffff, 0x80000000, 0xfffffff0, sizeStruct, sizeStrings,
                        sizeStrings - 1, sizeStrings + 1, -sizeStrings, r.nextInt(64), r.nextInt() & 0x7fffffff};
                    put(b, offStruct + t + 4 + 4 * r.nextInt(2), values[r.nextInt(values.length)]);
                }
                break;
            }
            case 5: { // a node name left unterminated
                int t = nodeToken(blob, r);
                if (t >= 0) {
                    for (int i = offStruct + t + 4; i < b.length && i < offStruct + t + 4 + 1 + r.nextInt(40); i++) {
                        b[i] = (byte) (b[i] == 0 ? 'z' : b[i]);
                    }
                }
                break;
            }
            case 6: { // the strings block loses its last NUL or shrinks
                if (sizeStrings > 0 && r.nextBoolean()) {
                    b[offStrings + sizeStrings - 1] = 'q';
                } else {
                    put(b, Libfdt.OFF_SIZE_DT_STRINGS, sizeStrings - 1 - r.nextInt(3));
                }
                break;
            }
            case 7: { // FDT_END lost, or an END_NODE turned into a NOP (unbalanced), or a second root
                int end = offStruct + sizeStruct - 4;
                int choice = r.nextInt(3);
                if (choice == 0) {
                    put(b, end, Libfdt.FDT_NOP);
                } else if (choice == 1) {
                    put(b, end - 4, Libfdt.FDT_NOP);
                } else {
                    put(b, end, Libfdt.FDT_BEGIN_NODE);
                }
                break;
            }
            case 8: // the structure block shifted off its token alignment
                put(b, Libfdt.OFF_OFF_DT_STRUCT, offStruct + 1 + r.nextInt(3));
                break;
            case 9: { // the reservation map loses its terminator
                int rsv = FdtRo.fdt_off_mem_rsvmap(v) + 16 * FdtRo.fdt_num_mem_rsv(v);
                put(b, rsv + 12, 1 + r.nextInt(100));
                break;
            }
            case 10: { // blocks overlapping
                put(b, Libfdt.OFF_OFF_DT_STRINGS, offStruct + r.nextInt(Math.max(1, sizeStruct)));
                break;
            }
            default: { // random bytes
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                break;
            }
        }
        return b;
    }

    /**
     * Whether libfdt 1.6.1 might loop forever on the blob: a property length of -12 (or -16 before version 16,
     * with the realignment) makes fdt_next_tag step back onto the same token (later libfdt rejects it). Any word
     * of that value counts, as functions such as fdt_next_node walk the structure without checking the header.
     */
    static boolean mayHangLibfdt(byte[] b) {
        boolean old = Integer.compareUnsigned(get(b, Libfdt.OFF_VERSION), 16) < 0;
        for (int i = 0; i + 4 <= b.length; i++) {
            if (get(b, i) == -12 || (old && get(b, i) == -16)) {
                return true;
            }
        }
        return false;
    }

    /** Every structure token of the blob as {offset, tag}, up to FDT_END or the first bad one. */
    static List<int[]> tokens(byte[] blob) {
        FdtView v = FdtView.of(blob);
        List<int[]> out = new ArrayList<>();
        int[] next = {0};
        int offset = 0;
        while (true) {
            int tag = FdtRo.fdt_next_tag(v, offset, next);
            out.add(new int[] {offset, tag});
            if (tag == Libfdt.FDT_END || next[0] < 0) {
                return out;
            }
            offset = next[0];
        }
    }

    private static int token(byte[] blob, Random r) {
        List<int[]> t = tokens(blob);
        return t.get(r.nextInt(t.size()))[0];
    }

    private static int propToken(byte[] blob, Random r) {
        return tokenOf(blob, r, Libfdt.FDT_PROP);
    }

    private static int nodeToken(byte[] blob, Random r) {
        return tokenOf(blob, r, Libfdt.FDT_BEGIN_NODE);
    }

    private static int tokenOf(byte[] blob, Random r, int tag) {
        List<int[]> t = tokens(blob);
        t.removeIf(x -> x[1] != tag);
        return t.isEmpty() ? -1 : t.get(r.nextInt(t.size()))[0];
    }

    static int get(byte[] b, int off) {
        return FdtView.of(b).u32(off);
    }

    static void put(byte[] b, int off, int value) {
        for (int i = 0; i < 4; i++) {
            if (off + i >= 0 && off + i < b.length) {
                b[off + i] = (byte) (value >>> (24 - 8 * i));
            }
        }
    }
}
