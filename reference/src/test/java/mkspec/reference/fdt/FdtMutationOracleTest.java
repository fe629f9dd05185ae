package mkspec.reference.fdt;

import static mkspec.reference.fdt.Blobs.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The strict parser against libfdt 1.6.1 on seeded mutants of dtc- and FdtSw-built blobs: for every case the
 * verdict (accepted, or libfdt's error code) and, for an accepted blob, the tree are libfdt's.
 *
 * <p>libfdt labels every case through pylibfdt in one batch process; where 1.6.1 itself crashes or loops the
 * case is labelled so, and mkspec must still answer it (with a rejection). The number of cases and the seed
 * come from {@code -Dmkspec.fdt-fuzz.cases} (default 100,000) and {@code -Dmkspec.fdt-fuzz.seed}, the first case's
 * number from {@code -Dmkspec.fdt-fuzz.from} (default 0); the summary, agreement and timings are printed.
 */
class FdtMutationOracleTest {

    private static final long SEED = Long.getLong("mkspec.fdt-fuzz.seed", 0xf022_2026L);
    private static final int CASES = Integer.getInteger("mkspec.fdt-fuzz.cases", 100_000);
    /** The number of the first case, to make a failing case again alone. */
    private static final long FROM = Long.getLong("mkspec.fdt-fuzz.from", 0);
    /** Cases per labelling batch: a million cases run as ten batches, so memory stays bounded. */
    private static final int BATCH = 100_000;
    private static final int SHOWN = 10;

    @Test
    void everyMutantGetsLibfdtsVerdictAndAnAcceptedOneLibfdtsTree() {
        Oracles.assumePylibfdt();
        Oracles.assumeDtc();
        long t0 = System.nanoTime();
        List<Mutants.Base> bases = bases(new Random(SEED));
        Tally tally = new Tally(bases);
        long generating = 0;
        for (long start = FROM; start < FROM + CASES; start += BATCH) {
            long g = System.nanoTime();
            int n = (int) Math.min(BATCH, FROM + CASES - start);
            List<Mutants.Mutant> batch = new ArrayList<>(n);
            List<byte[]> blobs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Mutants.Mutant m = Mutants.make(SEED, start + i, bases);
                batch.add(m);
                blobs.add(m.bytes());
            }
            generating += System.nanoTime() - g;
            long first = start;
            // mkspec answers each case as its label arrives, while libfdt labels the next ones
            Oracles.libfdtLabels(blobs, (i, label) -> tally.compare(first + i, batch.get(i), label));
        }
        double wall = (System.nanoTime() - t0) / 1e9;

        System.out.println(tally.summary(wall, generating / 1e9));
        assertEquals(CASES, tally.cases, "cases labelled");
        assertTrue(tally.disagreements.isEmpty(), tally.disagreements.size() + " of " + CASES
                + " cases disagree with libfdt (seed " + SEED + "), the first ones:\n"
                + String.join("\n", tally.disagreements));
        assertEquals(tally.cases, tally.agreements + tally.libfdtFailed,
                "every case is compared or libfdt failed on it");
        // a run of the CI's size that never reaches these proves little (a smaller one reproduces a few cases)
        if (CASES >= 100_000) {
            for (Mutants.Kind k : Mutants.Kind.values()) {
                assertTrue(tally.kinds.getOrDefault(k, 0) > CASES / 20, k + " seldom drawn: " + tally.kinds);
            }
            assertTrue(tally.verdicts.getOrDefault("0", 0) > CASES / 10, "too few accepted mutants: " + tally.verdicts);
            for (String v : List.of("-4", "-8", "-9", "-10", "-11", "crash", "loop")) {
                assertTrue(tally.verdicts.getOrDefault(v, 0) > 0, "no case with libfdt verdict " + v + ": "
                        + tally.verdicts);
            }
        }
    }

    /** Valid blobs of every kind the tools write: FdtSw's (any names, orphans, no root) and dtc's (versions 1-17). */
    static List<Mutants.Base> bases(Random r) {
        List<Mutants.Base> out = new ArrayList<>();
        List<byte[]> sw = Blobs.bases(r, 32);
        for (int i = 0; i < sw.size(); i++) {
            out.add(Mutants.Base.of("FdtSw tree " + i, sw.get(i)));
        }
        for (int i = 0; i < 12; i++) {
            String dts = DtsPrinter.print(RandomTrees.tree(r, true));
            for (String version : List.of("17", "16", "3", "2", "1")) {
                List<String> args = new ArrayList<>(List.of("-V", version));
                if (i % 3 == 0) {
                    args.addAll(List.of("-R", "2", "-p", "16")); // spare reservation slots and padding
                }
                Oracles.Result c = Oracles.dtcCompile(dts, args.toArray(String[]::new));
                assertEquals(0, c.exitCode, "dtc " + args + " on\n" + dts + "\n" + c.stderr);
                out.add(Mutants.Base.of("dtc " + String.join(" ", args) + " tree " + i, c.stdout));
            }
        }
        return out;
    }

    /**
     * mkspec's answer: its label in the labeller's form (check_header, then check_full's verdict and the tree
     * read), and where its message says libfdt 1.6.1 would crash or loop, {@code crash} or {@code loop}.
     */
    record Answer(String label, String libfdtFails) {
    }

    /** mkspec's answer on a blob; an accepted tree is also printed as {@code mkspec dtb} prints it. */
    static Answer mkspecAnswer(byte[] blob) {
        int header = FdtRo.fdt_check_header(FdtView.of(blob));
        FdtTree.ParseResult p = FdtTree.parse(blob);
        if (p instanceof FdtTree.Malformed m) {
            String says = m.message().contains("libfdt 1.6.1 crashes") ? "crash"
                    : m.message().contains("libfdt 1.6.1 loops") ? "loop" : "";
            return new Answer(header + " " + m.error(), says);
        }
        FdtTree tree = ((FdtTree.Parsed) p).tree();
        // what mkspec dtb prints of every accepted tree, which must not throw either
        DtsPrinter.printAnyway(tree);
        return new Answer(header + " 0 " + dump(tree), "");
    }

    /**
     * The tree as the labeller writes it: reservations, then each node in document order as
     * {@code depth:name;prop=value...}, bytes in hex. Orphan and late properties are left out: libfdt's node
     * and property functions never reach them.
     */
    static String dump(FdtTree tree) {
        StringBuilder s = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < tree.reservations().size(); i++) {
            FdtTree.MemReserve m = tree.reservations().get(i);
            s.append(i == 0 ? "" : ",").append(Long.toHexString(m.address())).append('+')
                    .append(Long.toHexString(m.size()));
        }
        s.append('|');
        tree.root().ifPresent(root -> dumpNode(s, hex, root, 1));
        return s.toString();
    }

    private static void dumpNode(StringBuilder s, HexFormat hex, FdtTree.Node node, int depth) {
        s.append(' ').append(depth).append(':').append(hex.formatHex(FdtRo.bytes(node.name())));
        for (FdtTree.Property p : node.properties()) {
            s.append(';').append(hex.formatHex(FdtRo.bytes(p.name()))).append('=').append(hex.formatHex(p.value()));
        }
        for (FdtTree.Node c : node.children()) {
            dumpNode(s, hex, c, depth + 1);
        }
    }

    /**
     * Whether mkspec's label matches libfdt's, where libfdt's {@code ?} (a name or value it does not give)
     * matches anything and {@code -} (the value of a negative length, which it steps over) an empty value.
     */
    static boolean matches(String libfdt, String mkspec) {
        if (libfdt.equals(mkspec)) {
            return true;
        }
        String[] a = libfdt.split(" ", -1);
        String[] b = mkspec.split(" ", -1);
        if (a.length != b.length || a.length < 3) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            String[] x = a[i].split(";", -1);
            String[] y = b[i].split(";", -1);
            if (i < 3 ? !a[i].equals(b[i]) : x.length != y.length || !same(x[0], y[0], ':')) {
                return false;
            }
            for (int k = 1; i >= 3 && k < x.length; k++) {
                if (!same(x[k], y[k], '=')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code key<sep>value} against mkspec's, with libfdt's wildcards as {@link #matches} says. */
    private static boolean same(String libfdt, String mkspec, char sep) {
        int i = libfdt.indexOf(sep);
        int k = mkspec.indexOf(sep);
        if (i < 0 || k < 0) {
            return libfdt.equals(mkspec);
        }
        String key = libfdt.substring(0, i);
        String value = libfdt.substring(i + 1);
        String theirs = mkspec.substring(k + 1);
        return (key.equals("?") || key.equals(mkspec.substring(0, k)))
                && (value.equals("?") || value.equals(theirs) || (value.equals("-") && theirs.isEmpty()));
    }

    /** What the run found. */
    private static final class Tally {
        final List<Mutants.Base> bases;
        int cases;
        int agreements;
        int libfdtFailed;
        long mkspecNanos;
        final Map<Mutants.Kind, Integer> kinds = new EnumMap<>(Mutants.Kind.class);
        final Map<String, Integer> verdicts = new TreeMap<>();
        final List<String> disagreements = new ArrayList<>();
        final List<String> libfdtFailures = new ArrayList<>();

        Tally(List<Mutants.Base> bases) {
            this.bases = bases;
        }

        void compare(long index, Mutants.Mutant m, String libfdt) {
            cases++;
            for (Mutants.Kind k : m.kinds()) {
                kinds.merge(k, 1, Integer::sum);
            }
            String[] f = libfdt.split(" ", 3);
            verdicts.merge(f.length > 1 ? f[1] : f[0], 1, Integer::sum);
            long t = System.nanoTime();
            Answer ours;
            try {
                ours = mkspecAnswer(m.bytes());
            } catch (RuntimeException | StackOverflowError e) {
                ours = new Answer("threw " + e, "");
            }
            mkspecNanos += System.nanoTime() - t;
            if (f.length == 1) {
                // 1.6.1 crashes or loops: mkspec must still give a verdict, a rejection that says so
                libfdtFailed++;
                String shownAs = ": libfdt " + libfdt + ",";
                if (libfdtFailures.stream().filter(x -> x.contains(shownAs)).count() < 3) {
                    libfdtFailures.add("case " + index + shownAs + " mkspec " + ours.label() + " (" + what(m) + ")");
                }
                if (ours.libfdtFails().equals(libfdt) && ours.label().split(" ").length == 2) {
                    return;
                }
            } else if (ours.libfdtFails().isEmpty() && matches(libfdt, ours.label())) {
                agreements++;
                return;
            }
            if (disagreements.size() < SHOWN) {
                disagreements.add("case " + index + " (" + what(m) + "):\n  libfdt " + libfdt + "\n  mkspec "
                        + ours.label() + (ours.libfdtFails().isEmpty() ? "" : ", saying libfdt would "
                        + ours.libfdtFails()) + "\n  blob " + HEX.formatHex(m.bytes()));
            } else {
                disagreements.add("case " + index);
            }
        }

        private String what(Mutants.Mutant m) {
            return bases.get(m.base()).origin() + ", " + m.kinds();
        }

        String summary(double wall, double generating) {
            StringBuilder s = new StringBuilder();
            s.append(String.format("FDT mutation test, seed %d: %,d cases from %d bases, %,d agree with libfdt 1.6.1"
                    + " (verdict and tree), %,d disagree, %,d where libfdt crashes or loops and mkspec rejects"
                    + " saying so%n",
                    SEED, cases, bases.size(), agreements, disagreements.size(), libfdtFailed));
            s.append(String.format("  wall time %.1f s: generating %.1f s, mkspec's verdicts %.1f s (%.1f us a case),"
                    + " the rest libfdt labelling alongside%n", wall, generating, mkspecNanos / 1e9,
                    mkspecNanos / 1e3 / Math.max(1, cases)));
            s.append("  libfdt verdicts: ").append(verdicts).append('\n');
            s.append("  mutations: ").append(kinds).append('\n');
            for (String f : libfdtFailures) {
                s.append("  ").append(f).append('\n');
            }
            return s.toString();
        }
    }
}
