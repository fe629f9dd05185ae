package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The read-only functions against libfdt 1.6.1 on valid and corrupted blobs: walking nodes and properties,
 * names, property lookups, subnodes, paths with aliases, compatibility and the reservation map give the same
 * transcript. Bytes past the blob read as zero on both sides.
 */
class FdtRoOracleTest {

    private static final long SEED = 0x0f0d_7a1eL;

    @Test
    void readOnlyCallsGiveTheSameTranscriptAsLibfdt() {
        Oracles.assumePylibfdt();
        Random r = new Random(SEED);
        List<byte[]> bases = Blobs.bases(r, 30);
        List<byte[]> blobs = new ArrayList<>(bases);
        for (byte[] base : bases) {
            for (int k = 0; k < 40; k++) {
                byte[] m = Blobs.mutate(base, r);
                if (!Blobs.mayHangLibfdt(m)) {
                    blobs.add(m);
                }
            }
        }
        List<String> cases = new ArrayList<>();
        for (byte[] b : blobs) {
            cases.add(HEX.formatHex(b));
        }
        List<String> expected = Oracles.libfdt("ro", cases);
        int compared = 0;
        for (int i = 0; i < blobs.size(); i++) {
            if (expected.get(i).equals("SKIP")) {
                continue; // the header claims more memory than the oracle pads
            }
            assertEquals(expected.get(i), transcript(blobs.get(i)), "seed " + SEED + ", blob " + i + ": " + cases.get(i));
            compared++;
        }
        assertTrue(compared > blobs.size() / 2, "only " + compared + " of " + blobs.size() + " blobs compared");
    }

    /** The calls of the oracle's ro mode, in its order and format. */
    static String transcript(byte[] blob) {
        FdtView v = FdtView.of(blob);
        List<String> out = new ArrayList<>();
        List<Integer> nodes = new ArrayList<>();
        int off = -1;
        int[] depth = {0};
        for (int i = 0; i < 64; i++) {
            off = FdtRo.fdt_next_node(v, off, depth);
            out.add("next " + off + " " + depth[0]);
            if (off < 0) {
                break;
            }
            nodes.add(off);
        }
        int[] len = {0};
        for (int n : nodes.subList(0, Math.min(16, nodes.size()))) {
            long name = FdtRo.fdt_get_name(v, n, len);
            out.add("name " + n + " " + (name == FdtRo.NULL ? "" + len[0] : hex(v, name, len[0]) + " " + len[0]));
            int p = FdtRo.fdt_first_property_offset(v, n);
            for (int k = 0; k < 32; k++) {
                out.add("prop " + p);
                if (p < 0) {
                    break;
                }
                int nameoff = v.u32(Integer.toUnsignedLong(FdtRo.fdt_off_dt_struct(v)) + p + 8);
                long s = FdtRo.fdt_get_string(v, nameoff, len);
                if (s == FdtRo.NULL) {
                    out.add("str " + len[0]);
                } else {
                    byte[] propName = v.read(s, len[0]);
                    out.add("str " + HEX.formatHex(propName) + " " + len[0]);
                    long prop = FdtRo.fdt_get_property_by_offset(v, p, len);
                    if (prop == FdtRo.NULL) {
                        out.add("byoff " + len[0]);
                    } else if (!utf8(propName) || len[0] < 0) {
                        out.add("byoff exc"); // pylibfdt raises building the name or the value
                    } else {
                        out.add("byoff " + HEX.formatHex(propName) + " " + hex(v, prop + 12, len[0]));
                    }
                    if (ascii(propName)) {
                        long value = FdtRo.fdt_getprop(v, n, new String(propName, StandardCharsets.ISO_8859_1), len);
                        out.add("get " + (value == FdtRo.NULL ? "" + len[0]
                                : len[0] < 0 ? "exc" : hex(v, value, len[0]) + " " + len[0]));
                    }
                }
                p = FdtRo.fdt_next_property_offset(v, p);
            }
            out.add("sub " + FdtRo.fdt_first_subnode(v, n) + " " + FdtRo.fdt_next_subnode(v, n));
            out.add("compat " + FdtRo.fdt_node_check_compatible(v, n, "b"));
        }
        for (String path : List.of("/", "/a", "/b/c", "x", "/a@1")) {
            out.add("path " + path + " " + FdtRo.fdt_path_offset(v, path));
        }
        out.add("rsv " + FdtRo.fdt_num_mem_rsv(v));
        return String.join(";", out);
    }

    private static String hex(FdtView v, long at, int len) {
        return HEX.formatHex(v.read(at, len));
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
