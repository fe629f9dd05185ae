package mkspec.reference.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** Random device trees drawn only from the given {@link Random}, for the oracle and round-trip tests. */
final class RandomTrees {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String NODE_TAIL = LETTERS + "0123456789,._+-";
    private static final String PROP_CHARS = LETTERS + "0123456789,._+*#?-";
    private static final Set<String> RESERVED = Set.of("name", "phandle", "linux,phandle");

    private RandomTrees() {
    }

    /**
     * A random tree. When {@code dtsSafe}, every name is one dtc accepts, siblings have distinct names, and
     * there is a root and no orphan property, so {@link DtsPrinter} can print it; otherwise names are any bytes
     * 1..255, and the tree sometimes has orphans or no root.
     */
    static FdtTree tree(Random r, boolean dtsSafe) {
        List<FdtTree.MemReserve> rsv = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            rsv.add(new FdtTree.MemReserve(r.nextLong(), r.nextLong()));
        }
        if (dtsSafe) {
            return new FdtTree(rsv, node(r, "", 0, true));
        }
        List<FdtTree.Property> orphans = new ArrayList<>();
        if (r.nextInt(8) == 0) {
            orphans.add(new FdtTree.Property(anyName(r), value(r)));
        }
        Optional<FdtTree.Node> root = r.nextInt(16) == 0 ? Optional.empty() : Optional.of(node(r, "", 0, false));
        return new FdtTree(rsv, orphans, root);
    }

    private static FdtTree.Node node(Random r, String name, int depth, boolean dtsSafe) {
        List<FdtTree.Property> props = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int np = r.nextInt(5);
        for (int i = 0; i < np; i++) {
            String pn = dtsSafe ? propName(r) : anyName(r);
            if (!dtsSafe || used.add(pn)) {
                props.add(new FdtTree.Property(pn, value(r)));
            }
        }
        List<FdtTree.Node> children = new ArrayList<>();
        Set<String> childNames = new HashSet<>();
        int nc = depth < 3 ? r.nextInt(depth == 0 ? 4 : 3) : 0;
        for (int i = 0; i < nc; i++) {
            String cn = dtsSafe ? nodeName(r) : anyName(r);
            if (dtsSafe && !childNames.add(cn)) {
                continue;
            }
            children.add(node(r, cn, depth + 1, dtsSafe));
        }
        return new FdtTree.Node(name, props, children);
    }

    private static String nodeName(Random r) {
        StringBuilder s = new StringBuilder().append(LETTERS.charAt(r.nextInt(LETTERS.length())));
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.append(NODE_TAIL.charAt(r.nextInt(NODE_TAIL.length())));
        }
        if (r.nextInt(3) == 0) {
            s.append('@').append(Integer.toHexString(r.nextInt(0x10000)));
        }
        return s.toString();
    }

    private static String propName(Random r) {
        while (true) {
            StringBuilder s = new StringBuilder();
            int n = 1 + r.nextInt(10);
            for (int i = 0; i < n; i++) {
                s.append(PROP_CHARS.charAt(r.nextInt(PROP_CHARS.length())));
            }
            if (!RESERVED.contains(s.toString())) {
                return s.toString();
            }
        }
    }

    private static String anyName(Random r) {
        byte[] b = new byte[r.nextInt(10)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (1 + r.nextInt(255));
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Empty, strings (with characters that need escaping), cells, short bytes, or a long run of bytes. */
    static byte[] value(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return new byte[0];
            case 1: {
                StringBuilder s = new StringBuilder();
                int n = 1 + r.nextInt(3);
                String chars = LETTERS + "0123456789 ,.-\"\\\t\n\r{};<>[]/=#";
                for (int i = 0; i < n; i++) {
                    int len = 1 + r.nextInt(12);
                    for (int k = 0; k < len; k++) {
                        s.append(chars.charAt(r.nextInt(chars.length())));
                    }
                    s.append('\0');
                }
                return s.toString().getBytes(StandardCharsets.ISO_8859_1);
            }
            case 2: {
                byte[] v = new byte[4 * (1 + r.nextInt(6))];
                r.nextBytes(v);
                return v;
            }
            case 3: {
                byte[] v = new byte[1 + r.nextInt(11)];
                r.nextBytes(v);
                return v;
            }
            case 4: {
                byte[] v = new byte[100 + r.nextInt(300)];
                r.nextBytes(v);
                return v;
            }
            default: {
                // bytes that look like strings but are not quite: a NUL inside or a high byte
                byte[] v = "ab\0\0cd\0".getBytes(StandardCharsets.ISO_8859_1);
                if (r.nextBoolean()) {
                    v[1] = (byte) 0x80;
                }
                return v;
            }
        }
    }
}
