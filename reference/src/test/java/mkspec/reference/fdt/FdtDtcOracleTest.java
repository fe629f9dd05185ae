package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.HEX;
import static mkspec.reference.fdt.Blobs.node;
import static mkspec.reference.fdt.Blobs.prop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser and the DTS printer against dtc 1.6.1 and, for what a blob holds, against libfdt 1.6.1. */
class FdtDtcOracleTest {

    private static final long SEED = 0xd7c0_0001L;
    private static final int TREES = 60;

    @Test
    void printedTreesCompileWithDtcBackToTheSameTreeForEveryBlobVersion() {
        Oracles.assumeDtc();
        for (int i = 0; i < TREES; i++) {
            long seed = SEED + i;
            FdtTree tree = RandomTrees.tree(new Random(seed), true);
            String dts = DtsPrinter.print(tree);
            // version 2 has no size_dt_strings, so libfdt reads the reservation map's first word as that size
            // and rejects many version-2 blobs; dtcBlobsParseToWhatLibfdtReadsFromThem compares those with libfdt
            for (String version : List.of("17", "16", "3")) {
                byte[] blob = compile(dts, "seed " + seed, "-V", version);
                // before version 16 dtc also writes each node's base name as a 'name' property
                FdtTree expected = Integer.parseInt(version) < 16 ? withNameProperties(tree) : tree;
                assertEquals(new FdtTree.Parsed(expected), FdtTree.parse(blob),
                        "seed " + seed + ", version " + version + ", source:\n" + dts);
            }
        }
    }

    @Test
    void dtcBlobsOfEveryVersionCheckAndReadAsLibfdtReadsThem() {
        Oracles.assumeDtc();
        Oracles.assumePylibfdt();
        List<byte[]> blobs = new ArrayList<>();
        List<String> what = new ArrayList<>();
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < TREES; i++) {
            long seed = SEED + 1000 + i;
            FdtTree tree = RandomTrees.tree(new Random(seed), true);
            for (String version : List.of("17", "16", "3", "2")) {
                byte[] blob = compile(DtsPrinter.print(tree), "seed " + seed, "-V", version);
                blobs.add(blob);
                what.add("seed " + seed + ", version " + version);
                cases.add(HEX.formatHex(blob));
            }
        }
        List<String> checks = Oracles.libfdt("check", cases);
        List<String> transcripts = Oracles.libfdt("ro", cases);
        int parsed = 0;
        for (int i = 0; i < blobs.size(); i++) {
            byte[] blob = blobs.get(i);
            FdtView view = FdtView.of(blob);
            int full = FdtRo.fdt_check_full(view, blob.length);
            assertEquals(checks.get(i), FdtRo.fdt_check_header(view) + " " + full, what.get(i));
            if (!transcripts.get(i).equals("SKIP")) { // SKIP: the header claims more than the oracle pads
                assertEquals(transcripts.get(i), FdtRoOracleTest.transcript(blob), what.get(i));
            }
            FdtTree.ParseResult result = FdtTree.parse(blob);
            if (full != 0) {
                assertEquals(full, ((FdtTree.Malformed) result).error(), what.get(i));
                continue;
            }
            // the parser agrees with the read-only functions: our own blob of its tree reads the same
            FdtTree tree = ((FdtTree.Parsed) result).tree();
            if (FdtRo.fdt_version(view) >= 16) {
                assertEquals(FdtRoOracleTest.transcript(blob), FdtRoOracleTest.transcript(tree.toBlob()), what.get(i));
            }
            parsed++;
        }
        assertTrue(parsed >= 3 * TREES, "only " + parsed + " blobs passed fdt_check_full");
    }

    @Test
    void dtcReadsOurBlobsBackToTheSameTree() {
        Oracles.assumeDtc();
        for (int i = 0; i < TREES; i++) {
            long seed = SEED + 2000 + i;
            FdtTree tree = RandomTrees.tree(new Random(seed), true);
            Oracles.Result r = dtc(tree.toBlob(), "dtb");
            assertEquals(0, r.exitCode, "seed " + seed + ": " + r.stderr);
            assertEquals(new FdtTree.Parsed(tree), FdtTree.parse(r.stdout), "seed " + seed);
        }
    }

    @Test
    void handWrittenSourceWithLabelsCommentsAndMixedValuesParsesAsDtcCompilesIt() {
        Oracles.assumeDtc();
        String dts = "/dts-v1/;\n"
                + "/memreserve/ 0x10000000 0x4000;\n"
                + "// a comment\n"
                + "/ {\n"
                + "\tcompatible = \"multikernel-v1\", \"x\";\n"
                + "\tl1: multikernel {\n"
                + "\t\t#size-cells = <1>; /* another */\n"
                + "\t\tmixed = \"ab\", <0x1 0x2>, [03 04];\n"
                + "\t\twide = /bits/ 64 <0x100000000>;\n"
                + "\t\tflag;\n"
                + "\t\tinstance@1 { id = <1>; };\n"
                + "\t};\n"
                + "};\n"
                + "&l1 { late = <&l1>; };\n";
        byte[] blob = compile(dts, "hand-written source");
        FdtTree.Node instance = node("instance@1", List.of(prop("id", (byte) 0, (byte) 0, (byte) 0, (byte) 1)));
        FdtTree.Node mk = node("multikernel", List.of(
                prop("#size-cells", (byte) 0, (byte) 0, (byte) 0, (byte) 1),
                prop("mixed", (byte) 'a', (byte) 'b', (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0,
                        (byte) 0, (byte) 0, (byte) 2, (byte) 3, (byte) 4),
                prop("wide", (byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 0),
                prop("flag"),
                prop("late", (byte) 0, (byte) 0, (byte) 0, (byte) 1),
                prop("phandle", (byte) 0, (byte) 0, (byte) 0, (byte) 1)), instance);
        FdtTree expected = new FdtTree(List.of(new FdtTree.MemReserve(0x10000000L, 0x4000)),
                node("", List.of(prop("compatible", "multikernel-v1\0x")), mk));
        assertEquals(new FdtTree.Parsed(expected), FdtTree.parse(blob));
    }

    private static FdtTree withNameProperties(FdtTree tree) {
        return new FdtTree(tree.reservations(), withNameProperties(tree.root().orElseThrow()));
    }

    private static FdtTree.Node withNameProperties(FdtTree.Node n) {
        List<FdtTree.Property> props = new ArrayList<>(n.properties());
        int at = n.name().indexOf('@');
        props.add(prop("name", at < 0 ? n.name() : n.name().substring(0, at)));
        List<FdtTree.Node> children = new ArrayList<>();
        for (FdtTree.Node c : n.children()) {
            children.add(withNameProperties(c));
        }
        return new FdtTree.Node(n.name(), props, children);
    }

    private static byte[] compile(String dts, String what, String... args) {
        Oracles.Result r = Oracles.dtcCompile(dts, args);
        assertEquals(0, r.exitCode, what + ": dtc failed: " + r.stderr + "\nsource:\n" + dts);
        return r.stdout;
    }

    private static Oracles.Result dtc(byte[] blob, String out) {
        return Oracles.dtcDecompile(blob, out);
    }
}
