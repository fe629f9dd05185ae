package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * fdt_check_header, fdt_check_full and the strict parser against libfdt 1.6.1 on truncated, corrupted and valid
 * blobs.
 */
class FdtCheckOracleTest {

    private static final long SEED = 0xc4ec_1f17L;

    @Test
    void checkVerdictsAndTheParserMatchLibfdtOnMalformedBlobs() {
        Oracles.assumePylibfdt();
        Random r = new Random(SEED);
        List<byte[]> bases = Blobs.bases(r, 40);
        List<byte[]> blobs = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (byte[] t : Blobs.truncations(bases.get(i))) {
                blobs.add(t);
                origins.add("base " + i + " truncated to " + t.length);
            }
        }
        for (int i = 0; i < bases.size(); i++) {
            blobs.add(bases.get(i));
            origins.add("base " + i);
            for (int k = 0; k < 60; k++) {
                byte[] m = Blobs.mutate(bases.get(i), r);
                if (!Blobs.mayHangLibfdt(m)) {
                    blobs.add(m);
                    origins.add("base " + i + " mutation " + k);
                }
            }
        }
        List<String> cases = new ArrayList<>();
        for (byte[] b : blobs) {
            cases.add((dereferencesNull(b) ? "H:" : "") + HEX.formatHex(b));
        }
        List<String> expected = Oracles.libfdt("check", cases);
        Set<String> verdicts = new TreeSet<>();
        for (int i = 0; i < blobs.size(); i++) {
            byte[] b = blobs.get(i);
            FdtView view = FdtView.of(b);
            int full = FdtRo.fdt_check_full(view, b.length);
            String ours = FdtRo.fdt_check_header(view) + " " + (dereferencesNull(b) ? "null" : full);
            String where = "seed " + SEED + ", " + origins.get(i) + ": " + cases.get(i);
            assertEquals(expected.get(i), ours, where);
            verdicts.add(FdtRo.fdt_check_header(view) + " " + full);

            FdtTree.ParseResult parsed = FdtTree.parse(b);
            if (full == 0) {
                assertTrue(parsed instanceof FdtTree.Parsed, where + " parsed as " + parsed);
            } else {
                assertTrue(parsed instanceof FdtTree.Malformed m && m.error() == full, where + " parsed as " + parsed);
            }
        }
        // every error fdt_check_full can give here must have been seen, or the comparison proves little
        Set<Integer> fullCodes = new TreeSet<>();
        for (String v : verdicts) {
            fullCodes.add(Integer.parseInt(v.split(" ")[1]));
        }
        assertEquals(Set.of(0, -4, -8, -9, -10, -11), fullCodes, "check_full verdicts reached: " + verdicts);
    }

    /**
     * Whether libfdt 1.6.1's fdt_check_full dereferences the NULL name of a root node: before version 16 a root
     * name without '/' has no leaf. The model reports BADSTRUCTURE there; libfdt crashes, so it is not asked.
     */
    static boolean dereferencesNull(byte[] b) {
        int[] where = {0, 0};
        FdtRo.checkFull(FdtView.of(b), b.length, where);
        return where[0] == FdtRo.AT_STRUCT_NULL_NAME_IN_161;
    }

    @Test
    void negativePropertyLengthsGetLibfdtsVerdictAndTheParserAVerdictToo() {
        Oracles.assumePylibfdt();
        Oracles.assumeDtc();
        List<byte[]> blobs = new ArrayList<>();
        List<String> cases = new ArrayList<>();
        List<byte[]> bases = new ArrayList<>(Blobs.bases(new Random(SEED), 6));
        // versions 2 and 3 too: there a length of -1 to -4 passes the old alignment rule and reaches the walk
        String dts = DtsPrinter.print(RandomTrees.tree(new Random(SEED), true));
        for (String version : List.of("3", "2")) {
            bases.add(Oracles.dtcCompile(dts, "-V", version).stdout);
        }
        int accepted = 0;
        for (byte[] base : bases) {
            FdtView v = FdtView.of(base);
            int node = FdtRo.fdt_next_node(v, -1, null);
            int prop = node < 0 ? -1 : FdtRo.fdt_first_property_offset(v, node);
            if (prop < 0) {
                continue;
            }
            int lenAt = FdtRo.fdt_off_dt_struct(v) + prop + 4;
            for (int len = -11; len <= -1; len++) {
                byte[] b = base.clone();
                java.nio.ByteBuffer.wrap(b).putInt(lenAt, len);
                blobs.add(b);
                cases.add((dereferencesNull(b) ? "H:" : "") + HEX.formatHex(b));
            }
        }
        assertTrue(blobs.size() >= 11, "no base had a property");
        List<String> expected = Oracles.libfdt("check", cases);
        for (int i = 0; i < blobs.size(); i++) {
            byte[] b = blobs.get(i);
            FdtView view = FdtView.of(b);
            int full = FdtRo.fdt_check_full(view, b.length);
            assertEquals(expected.get(i), FdtRo.fdt_check_header(view) + " " + (dereferencesNull(b) ? "null" : full),
                cases.get(i));
            FdtTree.ParseResult parsed = FdtTree.parse(b); // a verdict, never an exception
            assertTrue(full == 0 ? parsed instanceof FdtTree.Parsed : parsed instanceof FdtTree.Malformed, cases.get(i));
            accepted += full == 0 && FdtRo.fdt_version(view) < 16 ? 1 : 0;
        }
        assertTrue(accepted > 0, "no old-version blob with a negative length was accepted, so none was walked");
    }

    @Test
    void aPropertyLengthOfMinusTwelveIsAPrematureEndWhereLibfdtWouldLoop() {
        byte[] base = Blobs.bases(new Random(SEED), 1).get(0);
        FdtView v = FdtView.of(base);
        int prop = FdtRo.fdt_first_property_offset(v, FdtRo.fdt_next_node(v, -1, null));
        java.nio.ByteBuffer.wrap(base).putInt(FdtRo.fdt_off_dt_struct(v) + prop + 4, -12);
        assertTrue(FdtRo.fdt_check_full(FdtView.of(base), base.length) < 0);
        FdtTree.ParseResult p = FdtTree.parse(base);
        assertTrue(p instanceof FdtTree.Malformed m && m.message().contains("length of -12 leads back to this property,"
                + " where libfdt 1.6.1 loops"), p.toString());
    }

    @Test
    void aPropertyThatLeadsBackToItselfButHasABadNameGetsLibfdtsErrorForTheName() {
        Oracles.assumePylibfdt();
        byte[] base = Blobs.bases(new Random(SEED), 1).get(0);
        FdtView v = FdtView.of(base);
        int at = FdtRo.fdt_off_dt_struct(v) + FdtRo.fdt_first_property_offset(v, FdtRo.fdt_next_node(v, -1, null));
        List<String> cases = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        // 1.6.1 checks the property's name before it comes back to the property, so it stops there
        for (int nameoff : new int[] {0x7fffffff, FdtRo.fdt_size_dt_strings(v)}) {
            byte[] b = base.clone();
            Blobs.put(b, at + 4, -12);
            Blobs.put(b, at + 8, nameoff);
            blobs.add(b);
            cases.add(HEX.formatHex(b));
        }
        List<String> expected = Oracles.libfdt("check", cases);
        for (int i = 0; i < blobs.size(); i++) {
            FdtTree.ParseResult p = FdtTree.parse(blobs.get(i));
            int full = Integer.parseInt(expected.get(i).split(" ")[1]);
            assertTrue(full != -Libfdt.FDT_ERR_BADSTRUCTURE && full < 0, expected.get(i));
            assertTrue(p instanceof FdtTree.Malformed m && m.error() == full && !m.message().contains("loops"),
                    expected.get(i) + " vs " + p);
        }
    }

    @Test
    void beforeVersion16ALengthOfMinusSixteenLeadsBackToAnAlignedPropertyAndIsRefusedSo() {
        Oracles.assumeDtc();
        byte[] blob = Oracles.dtcCompile("/dts-v1/;\n/ { a = <1>; b = <2>; };\n", "-V", "3").stdout;
        FdtView v = FdtView.of(blob);
        int prop = FdtRo.fdt_first_property_offset(v, 0);
        while (prop >= 0 && prop % 8 != 0) {
            prop = FdtRo.fdt_next_property_offset(v, prop); // the realignment applies to a property at 8k
        }
        assertTrue(prop >= 0, "no property at a multiple of 8");
        java.nio.ByteBuffer.wrap(blob).putInt(FdtRo.fdt_off_dt_struct(v) + prop + 4, -16);
        FdtTree.ParseResult p = FdtTree.parse(blob);
        assertTrue(p instanceof FdtTree.Malformed m && m.error() == -Libfdt.FDT_ERR_BADSTRUCTURE
                && m.message().contains("length of -16 leads back"), p.toString());
    }

    @Test
    void anOldVersionRootWithoutASlashIsRefusedSayingLibfdtCrashesThere() {
        byte[] blob = Blobs.bases(new Random(SEED), 1).get(0);
        Blobs.put(blob, Libfdt.OFF_VERSION, 3);
        Blobs.put(blob, Libfdt.OFF_LAST_COMP_VERSION, 3);
        FdtTree.ParseResult p = FdtTree.parse(blob);
        assertTrue(p instanceof FdtTree.Malformed m && m.error() == -Libfdt.FDT_ERR_BADSTRUCTURE
                && m.message().contains("has no '/' (libfdt 1.6.1 crashes here)"), p.toString());
    }
}
