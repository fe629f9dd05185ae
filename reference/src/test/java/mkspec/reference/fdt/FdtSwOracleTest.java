package mkspec.reference.fdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link FdtSw} against libfdt 1.6.1: the same calls leave the same return codes and buffer bytes. */
class FdtSwOracleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final long BASE_SEED = 0x5eed_fd75L;
    private static final int CASES = 600;

    private static final String[] NAMES = {
        "", "a", "ba", "cba", "reg", "compatible", "x", "#address-cells", "dtb-data", "linux,phandle", "phandle",
        "multikernel", "instance-id", "b@1", "abc@1000",
    };

    @Test
    void randomCallSequencesLeaveTheSameReturnCodesAndBytesAsLibfdt() {
        Oracles.assumePylibfdt();
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(generate(new Random(BASE_SEED + i)));
        }
        List<String> expected = Oracles.libfdt("sw", cases);
        Set<String> outcomes = new TreeSet<>();
        for (int i = 0; i < CASES; i++) {
            String ours = run(cases.get(i));
            assertEquals(expected.get(i), ours,
                    "seed " + (BASE_SEED + i) + " (case " + i + "): " + abbreviate(cases.get(i)));
            outcomes.addAll(List.of(ours.substring(0, ours.indexOf('|')).split(",")));
            if (ours.contains("|d00dfeed")) {
                outcomes.add("finished");
            }
        }
        // the cases must reach every outcome, or the comparison above proves little
        assertEquals(new TreeSet<>(List.of("0", "-3", "-7", "-9", "-18", "finished")), outcomes);
    }

    /** A case line: the buffer's initial bytes in hex, then the calls, starting with a create. */
    static String generate(Random r) {
        int bufsize;
        switch (r.nextInt(5)) {
            case 0:
                bufsize = r.nextInt(72) - 4;
                break;
            case 1:
                bufsize = 64 + r.nextInt(140);
                break;
            case 2:
                bufsize = 200 + r.nextInt(800);
                break;
            case 3:
                bufsize = 1000 + r.nextInt(3000);
                break;
            default:
                bufsize = 48 + r.nextInt(40);
                break;
        }
        // the buffer always holds a header, so calls after a failed create read defined (random) bytes
        byte[] fill = new byte[Math.max(64, bufsize) + (r.nextInt(4) == 0 ? r.nextInt(16) : 0)];
        if (r.nextBoolean()) {
            r.nextBytes(fill);
        }
        int flags = r.nextInt(10) < 7 ? 0 : r.nextInt(10) < 8 ? 1 : 2 + r.nextInt(2);
        List<String> ops = new ArrayList<>();
        ops.add("create:" + bufsize + ":" + flags);
        int rsv = r.nextInt(4);
        for (int i = 0; i < rsv; i++) {
            ops.add("rsv:" + Long.toHexString(r.nextLong()) + ":" + Long.toHexString(r.nextLong()));
        }
        if (r.nextInt(10) != 0) {
            ops.add("frsv");
        }
        node(r, ops, 0);
        if (r.nextInt(10) != 0) {
            ops.add("finish");
        }
        if (r.nextInt(5) == 0) {
            ops.add(randomOp(r, fill.length));
        }
        // stray calls anywhere model callers that get the order wrong
        int strays = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
        for (int i = 0; i < strays; i++) {
            ops.add(1 + r.nextInt(ops.size()), randomOp(r, fill.length));
        }
        return HEX.formatHex(fill) + " " + String.join(" ", ops);
    }

    private static void node(Random r, List<String> ops, int depth) {
        ops.add("begin:" + hexName(depth == 0 && r.nextInt(4) != 0 ? "" : name(r)));
        int props = r.nextInt(5);
        for (int i = 0; i < props; i++) {
            ops.add(property(r));
        }
        int children = depth < 3 ? r.nextInt(depth == 0 ? 4 : 3) : 0;
        for (int i = 0; i < children; i++) {
            node(r, ops, depth + 1);
        }
        if (r.nextInt(12) != 0) {
            ops.add("end");
        }
    }

    private static String property(Random r) {
        String name = hexName(name(r));
        switch (r.nextInt(6)) {
            case 0:
                return "str:" + name + ":" + hexName(randomAscii(r, r.nextInt(12)));
            case 1:
                return "u32:" + name + ":" + Integer.toHexString(r.nextInt());
            case 2:
                return "u64:" + name + ":" + Long.toHexString(r.nextLong());
            case 3:
                return "cell:" + name + ":" + Integer.toHexString(r.nextInt());
            default:
                byte[] v = new byte[r.nextInt(8) == 0 ? 40 + r.nextInt(400) : r.nextInt(20)];
                r.nextBytes(v);
                return "prop:" + name + ":" + HEX.formatHex(v);
        }
    }

    /** Any call; a re-create never claims more than the {@code capacity} bytes the buffer has. */
    private static String randomOp(Random r, int capacity) {
        switch (r.nextInt(7)) {
            case 0:
                return "rsv:" + Long.toHexString(r.nextLong()) + ":" + Long.toHexString(r.nextLong());
            case 1:
                return "frsv";
            case 2:
                return "begin:" + hexName(name(r));
            case 3:
                return "end";
            case 4:
                return "finish";
            case 5:
                return "create:" + r.nextInt(capacity + 1) + ":0";
            default:
                return property(r);
        }
    }

    private static String name(Random r) {
        return r.nextInt(3) == 0 ? randomAscii(r, 1 + r.nextInt(12)) : NAMES[r.nextInt(NAMES.length)];
    }

    private static String randomAscii(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (1 + r.nextInt(127)));
        }
        return s.toString();
    }

    private static String hexName(String s) {
        return HEX.formatHex(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Runs a case line through {@link FdtSw}, answering as the oracle does: return codes, then the buffer. */
    static String run(String line) {
        String[] toks = line.split(" ");
        byte[] buf = HEX.parseHex(toks[0]);
        List<String> rcs = new ArrayList<>();
        for (int i = 1; i < toks.length; i++) {
            String[] f = toks[i].split(":", -1);
            int rc;
            switch (f[0]) {
                case "create":
                    int size = Integer.parseInt(f[1]);
                    rc = FdtSw.fdt_create_with_flags(buf, size, Integer.parseInt(f[2]));
                    break;
                case "rsv":
                    rc = FdtSw.fdt_add_reservemap_entry(buf, Long.parseUnsignedLong(f[1], 16),
                            Long.parseUnsignedLong(f[2], 16));
                    break;
                case "frsv":
                    rc = FdtSw.fdt_finish_reservemap(buf);
                    break;
                case "begin":
                    rc = FdtSw.fdt_begin_node(buf, text(f[1]));
                    break;
                case "end":
                    rc = FdtSw.fdt_end_node(buf);
                    break;
                case "prop":
                    byte[] v = HEX.parseHex(f[2]);
                    rc = FdtSw.fdt_property(buf, text(f[1]), v, v.length);
                    break;
                case "str":
                    rc = FdtSw.fdt_property_string(buf, text(f[1]), text(f[2]));
                    break;
                case "u32":
                    rc = FdtSw.fdt_property_u32(buf, text(f[1]), Integer.parseUnsignedInt(f[2], 16));
                    break;
                case "u64":
                    rc = FdtSw.fdt_property_u64(buf, text(f[1]), Long.parseUnsignedLong(f[2], 16));
                    break;
                case "cell":
                    rc = FdtSw.fdt_property_cell(buf, text(f[1]), Integer.parseUnsignedInt(f[2], 16));
                    break;
                case "finish":
                    rc = FdtSw.fdt_finish(buf);
                    break;
                default:
                    throw new IllegalArgumentException("unknown op " + f[0]);
            }
            rcs.add(Integer.toString(rc));
        }
        return String.join(",", rcs) + "|" + HEX.formatHex(buf);
    }

    private static String text(String hex) {
        return new String(HEX.parseHex(hex), StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String line) {
        int space = line.indexOf(' ');
        return "buffer of " + space / 2 + " bytes, calls " + line.substring(space + 1);
    }
}
