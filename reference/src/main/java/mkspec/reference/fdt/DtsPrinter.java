package mkspec.reference.fdt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prints an {@link FdtTree} as device-tree source that {@code dtc -I dts -O dtb} (1.6.1) compiles back to the
 * same tree: the same names in the same order, the same property bytes and the same memory reservations.
 *
 * <p>A value prints as a list of {@code "..."} strings when it is one or more non-empty, NUL-terminated strings
 * of printable ASCII (tab, newline and carriage return allowed, all escaped as needed), as {@code <0x..>} cells
 * when its length is a multiple of 4, and as a {@code [..]} byte string otherwise; an empty value prints as
 * {@code name;}. The root is printed as {@code /}. Nesting is indented by one tab a level, up to
 * 32 levels.
 */
public final class DtsPrinter {

    private DtsPrinter() {
    }

    private static final HexFormat BYTES = HexFormat.ofDelimiter(" ");
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    /** Characters dtc accepts in node names (checks.c NODECHARS). */
    private static final String NODECHARS = LOWER + UPPER + DIGITS + ",._+-@";
    /** Characters dtc accepts in property names (checks.c PROPCHARS). */
    private static final String PROPCHARS = LOWER + UPPER + DIGITS + ",._+*#?-";

    /**
     * Why dtc could not give this tree back from source, if it could not: a missing root, orphan properties or
     * properties after a node's children (DTS has no syntax for them), a name dtc rejects, two siblings of one
     * name (dtc merges them), a {@code name} property (dtc drops or rejects it), or an explicit phandle dtc
     * rejects. The first reason in document order is given.
     */
    public static Optional<String> unprintableReason(FdtTree tree) {
        if (tree.root().isEmpty()) {
            return Optional.of("the tree has no root node");
        }
        if (!tree.orphans().isEmpty()) {
            return Optional.of("properties outside the root node");
        }
        // an explicit stack, not recursion: libfdt accepts trees as deep as the blob is long
        Map<Integer, String> phandles = new HashMap<>();
        Deque<Frame> todo = new ArrayDeque<>();
        todo.push(new Frame(tree.root().get(), null));
        while (!todo.isEmpty()) {
            Frame f = todo.pop();
            Optional<String> why = unprintableHere(f, phandles);
            if (why.isPresent()) {
                return why;
            }
            List<FdtTree.Node> children = f.node().children();
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(new Frame(children.get(i), f));
            }
        }
        return Optional.empty();
    }

    /** A node on the way down, with its parent's frame (null for the root) to name its path when needed. */
    private record Frame(FdtTree.Node node, Frame parent) {

        String path() {
            if (parent == null) {
                return "/";
            }
            Deque<String> names = new ArrayDeque<>();
            for (Frame f = this; f.parent != null; f = f.parent) {
                names.push(f.node.name());
            }
            return "/" + String.join("/", names);
        }
    }

    /** Why the node itself, its properties or its children's names stop dtc, if they do. */
    private static Optional<String> unprintableHere(Frame f, Map<Integer, String> phandles) {
        FdtTree.Node node = f.node();
        if (f.parent() != null) {
            String name = node.name();
            if (name.isEmpty() || !onlyOf(name, NODECHARS) || name.indexOf('@') != name.lastIndexOf('@')) {
                return Optional.of("node name '" + name + "' at " + f.path() + " is not one dtc accepts");
            }
        }
        Set<String> seen = new HashSet<>();
        Integer phandle = null;
        for (FdtTree.Property p : node.properties()) {
            String name = p.name();
            if (name.isEmpty() || !onlyOf(name, PROPCHARS)) {
                return Optional.of("property name '" + name + "' at " + f.path() + " is not one dtc accepts");
            }
            if (!seen.add(name)) {
                return Optional.of("two properties named '" + name + "' at " + f.path());
            }
            if (name.equals("name")) {
                return Optional.of("dtc drops or rejects the 'name' property at " + f.path());
            }
            if (name.equals("phandle") || name.equals("linux,phandle")) {
                byte[] v = p.value();
                int value = v.length == 4 ? (v[0] & 0xff) << 24 | (v[1] & 0xff) << 16 | (v[2] & 0xff) << 8
                        | (v[3] & 0xff) : 0;
                if (value == 0 || value == -1 || (phandle != null && phandle != value)) {
                    return Optional.of("dtc rejects the " + name + " at " + f.path());
                }
                if (phandle == null && phandles.putIfAbsent(value, f.path()) != null) {
                    return Optional.of("phandle 0x" + Integer.toHexString(value) + " of " + f.path()
                            + " is also that of " + phandles.get(value));
                }
                phandle = value;
            }
        }
        if (!node.lateProperties().isEmpty()) {
            return Optional.of("property '" + node.lateProperties().get(0).name() + "' at " + f.path()
                    + " follows a child node (DTS puts properties first, and libfdt's lookups do not reach it there)");
        }
        Set<String> childNames = new HashSet<>();
        for (FdtTree.Node c : node.children()) {
            if (!childNames.add(c.name())) {
                return Optional.of("two nodes named '" + c.name() + "' under " + f.path());
            }
        }
        return Optional.empty();
    }

    private static boolean onlyOf(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tree as DTS text.
     *
     * @throws IllegalArgumentException if {@link #unprintableReason} gives a reason
     */
    public static String print(FdtTree tree) {
        Optional<String> why = unprintableReason(tree);
        if (why.isPresent()) {
            throw new IllegalArgumentException("cannot print as DTS: " + why.get());
        }
        return printAnyway(tree);
    }

    /**
     * The tree as DTS text even where {@link #unprintableReason} gives a reason, as {@code dtc -f} forces its
     * output: names as they are; properties outside the root, properties after a node's children and a missing
     * root as {@code //} comments. dtc will then not compile the text back to the same tree, or at all.
     */
    public static String printAnyway(FdtTree tree) {
        StringBuilder out = new StringBuilder("/dts-v1/;\n\n");
        for (FdtTree.MemReserve r : tree.reservations()) {
            out.append("/memreserve/ 0x").append(Long.toHexString(r.address())).append(" 0x")
                    .append(Long.toHexString(r.size())).append(";\n");
        }
        if (!tree.reservations().isEmpty()) {
            out.append('\n');
        }
        for (FdtTree.Property p : tree.orphans()) {
            out.append("// outside the root node: ");
            printProperty(out, p);
        }
        if (tree.root().isEmpty()) {
            out.append("// no root node\n");
        } else {
            printNodes(out, tree.root().get());
        }
        return out.toString();
    }

    /** Indentation stops deepening here, so a tree as deep as its blob is long prints in linear size. */
    private static final int MAX_INDENT = 32;

    /** A node being printed: its next child to print. */
    private static final class Open {
        final FdtTree.Node node;
        int nextChild;

        Open(FdtTree.Node node) {
            this.node = node;
        }
    }

    private static void printNodes(StringBuilder out, FdtTree.Node root) {
        // an explicit stack, not recursion: libfdt accepts trees as deep as the blob is long
        Deque<Open> open = new ArrayDeque<>();
        openNode(out, root, "/", 0);
        open.push(new Open(root));
        while (!open.isEmpty()) {
            Open o = open.peek();
            List<FdtTree.Node> children = o.node.children();
            int depth = open.size();
            if (o.nextChild == children.size()) {
                open.pop();
                for (FdtTree.Property p : o.node.lateProperties()) {
                    printProperty(indent(out, depth).append("// after the child nodes: "), p);
                }
                indent(out, depth - 1).append("};\n");
                continue;
            }
            if (o.nextChild > 0 || !o.node.properties().isEmpty()) {
                out.append('\n');
            }
            FdtTree.Node c = children.get(o.nextChild++);
            openNode(out, c, c.name(), depth);
            open.push(new Open(c));
        }
    }

    private static void openNode(StringBuilder out, FdtTree.Node node, String name, int depth) {
        indent(out, depth).append(name).append(" {\n");
        for (FdtTree.Property p : node.properties()) {
            printProperty(indent(out, depth + 1), p);
        }
    }

    private static void printProperty(StringBuilder out, FdtTree.Property p) {
        out.append(p.name());
        byte[] v = p.value();
        if (v.length > 0) {
            out.append(" = ").append(formatValue(v));
        }
        out.append(";\n");
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        for (int i = 0; i < Math.min(depth, MAX_INDENT); i++) {
            out.append('\t');
        }
        return out;
    }

    /** The DTS form of a non-empty value: strings, cells or bytes, as the class comment says. */
    static String formatValue(byte[] v) {
        if (isStringList(v)) {
            StringBuilder out = new StringBuilder();
            int start = 0;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == 0) {
                    if (start > 0) {
                        out.append(", ");
                    }
                    out.append('"');
                    for (int k = start; k < i; k++) {
                        escape(out, v[k] & 0xff);
                    }
                    out.append('"');
                    start = i + 1;
                }
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder();
        if (v.length % 4 == 0) {
            out.append('<');
            for (int i = 0; i < v.length; i += 4) {
                long cell = (long) (v[i] & 0xff) << 24 | (v[i + 1] & 0xff) << 16 | (v[i + 2] & 0xff) << 8
                        | (v[i + 3] & 0xff);
                out.append(i == 0 ? "" : " ").append("0x").append(Long.toHexString(cell));
            }
            return out.append('>').toString();
        }
        return out.append('[').append(BYTES.formatHex(v)).append(']').toString();
    }

    /** Non-empty strings of printable ASCII (or tab, newline, return), each NUL-terminated. */
    private static boolean isStringList(byte[] v) {
        if (v.length == 0 || v[v.length - 1] != 0 || v[0] == 0) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            int b = v[i] & 0xff;
            if (b == 0) {
                if (v[i - 1] == 0) {
                    return false; // an empty string
                }
            } else if ((b < 0x20 || b > 0x7e) && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Appends a byte inside a DTS string literal, escaped as dtc's lexer reads it back. */
    private static void escape(StringBuilder out, int b) {
        switch (b) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            default:
                if (b >= 0x20 && b <= 0x7e) {
                    out.append((char) b);
                } else {
                    out.append(String.format("\\x%02x", b));
                }
        }
    }
}
