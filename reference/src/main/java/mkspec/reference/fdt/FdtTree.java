package mkspec.reference.fdt;

import static mkspec.reference.fdt.FdtRo.NULL;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A flattened device tree as plain values: memory reservations, properties that precede the root node, and the
 * root node.
 *
 * <p>{@link #parse} is strict: it accepts exactly the blobs libfdt 1.6.1's {@code fdt_check_full} accepts, and
 * otherwise returns the libfdt error, where it arose and why. It gives a verdict on every input, also where
 * 1.6.1 gives none: a property length leading back to the property (1.6.1 loops) and, before version 16, a root
 * name without '/' (1.6.1 dereferences NULL) are FDT_ERR_BADSTRUCTURE, and the message says so.
 * {@link #toBlob} writes the tree with {@link FdtSw}, in libfdt's sequential layout. Names are byte strings of
 * one char per byte (ISO-8859-1).
 *
 * @param reservations the memory reservation map, without its terminating entry
 * @param orphans properties the structure block holds before its root node, outside any node: libfdt accepts
 *     them and dtc never writes them; usually empty
 * @param root the root node, absent for a structure block that holds no node
 */
public record FdtTree(List<MemReserve> reservations, List<Property> orphans, Optional<Node> root) {

    /** A tree from its parts; lists are copied. */
    public FdtTree {
        reservations = List.copyOf(reservations);
        orphans = List.copyOf(orphans);
        Objects.requireNonNull(root, "root");
    }

    /** A tree with a root node and no orphan properties. */
    public FdtTree(List<MemReserve> reservations, Node root) {
        this(reservations, List.of(), Optional.of(root));
    }

    /** One memory reservation: 64-bit address and size, unsigned as in the blob. */
    public record MemReserve(long address, long size) {

        @Override
        public String toString() {
            return "MemReserve[0x" + Long.toHexString(address) + ", 0x" + Long.toHexString(size) + "]";
        }
    }

    /**
     * A property: its name and value bytes. The value is copied in and out, and compared by content.
     *
     * @param name a byte string without NUL
     * @param value the value bytes
     */
    public record Property(String name, byte[] value) {

        /** Checks the name and copies the value. */
        public Property {
            checkName(name);
            value = value.clone();
        }

        /** A copy of the value. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value's length, without copying it. */
        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Property p && name.equals(p.name) && Arrays.equals(value, p.value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /**
     * A node: its name (the root's is empty), its properties and its children, in blob order.
     *
     * @param name the name with any unit address, a byte string without NUL
     * @param properties the properties before its first child, in order: those libfdt's property functions
     *     ({@code fdt_first_property_offset}, {@code fdt_getprop}) find
     * @param children the child nodes, in order
     * @param lateProperties properties the blob holds after one of its children, in order: libfdt accepts them,
     *     its property functions stop at the first child and never reach them, and dtc never writes them;
     *     {@link #toBlob} writes them after the children; usually empty
     */
    public record Node(String name, List<Property> properties, List<Node> children, List<Property> lateProperties) {

        /** Checks the name and copies the lists. */
        public Node {
            checkName(name);
            properties = List.copyOf(properties);
            children = List.copyOf(children);
            lateProperties = List.copyOf(lateProperties);
        }

        /** A node without late properties. */
        public Node(String name, List<Property> properties, List<Node> children) {
            this(name, properties, children, List.of());
        }

        /** The property called {@code name}, if any (the first one, as libfdt finds it). */
        public Optional<Property> property(String propName) {
            return properties.stream().filter(p -> p.name().equals(propName)).findFirst();
        }

        /** The child called {@code name}, if any (the first one). */
        public Optional<Node> child(String childName) {
            return children.stream().filter(c -> c.name().equals(childName)).findFirst();
        }
    }

    private static void checkName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0 || c > 0xff) {
                throw new IllegalArgumentException("a blob name holds bytes 1..255, not U+"
                        + Integer.toHexString(c) + " in " + name);
            }
        }
    }

    // ---------------------------------------------------------------- parsing

    /** What {@link #parse} found: a tree, or why the blob is malformed. */
    public sealed interface ParseResult permits Parsed, Malformed {
        /** {@code c}'s case for this result. */
        <R> R accept(Cases<R> c);

        /** One case per result, so that a handler is exhaustive by construction. */
        interface Cases<R> {
            R parsed(Parsed p);

            R malformed(Malformed m);
        }
    }

    /** The blob passed {@code fdt_check_full} and holds this tree. */
    public record Parsed(FdtTree tree) implements ParseResult {
        public <R> R accept(Cases<R> c) {
            return c.parsed(this);
        }
    }

    /**
     * The blob fails {@code fdt_check_full}.
     *
     * @param error libfdt's return value, a negative {@code -FDT_ERR_*}
     * @param offset the byte offset in the blob where checking failed: 0 for the header, the reservation map's
     *     offset, or the failing structure token's
     * @param message what failed, for people
     */
    public record Malformed(int error, long offset, String message) implements ParseResult {
        public <R> R accept(Cases<R> c) {
            return c.malformed(this);
        }
    }

    /** Parses a blob held in exactly {@code blob}, never reading outside it. */
    public static ParseResult parse(byte[] blob) {
        FdtView fdt = FdtView.of(blob);
        int[] where = {0, 0};
        int err = FdtRo.checkFull(fdt, blob.length, where);
        if (err != 0) {
            return malformed(fdt, err, where[0], where[1]);
        }
        int n = FdtRo.fdt_num_mem_rsv(fdt);
        List<MemReserve> reservations = new ArrayList<>(n);
        long[] address = {0};
        long[] size = {0};
        for (int i = 0; i < n; i++) {
            FdtRo.fdt_get_mem_rsv(fdt, i, address, size);
            reservations.add(new MemReserve(address[0], size[0]));
        }
        return walk(fdt, reservations);
    }

    private static ParseResult malformed(FdtView fdt, int err, int part, int structOffset) {
        String why = Libfdt.fdt_strerror(err);
        if (part == FdtRo.AT_HEADER) {
            return new Malformed(err, 0, "header: " + why);
        } else if (part == FdtRo.AT_MEMRSV) {
            long at = Integer.toUnsignedLong(FdtRo.fdt_off_mem_rsvmap(fdt));
            return new Malformed(err, at, "memory reservation map at 0x" + Long.toHexString(at) + ": " + why);
        }
        long at = Integer.toUnsignedLong(FdtRo.fdt_off_dt_struct(fdt)) + structOffset;
        String token = "structure token at 0x" + Long.toHexString(at) + " (structure offset " + structOffset + "): "
                + why;
        if (part == FdtRo.AT_STRUCT_LOOPS_IN_161) {
            int len = fdt.u32(at + 4);
            token += ": a property length of " + len + " leads back to this property, where libfdt 1.6.1 loops for"
                    + " ever and later libfdt stops";
        } else if (part == FdtRo.AT_STRUCT_NULL_NAME_IN_161) {
            token += ": before version 16 the root's name is a path, and this one has no '/' (libfdt 1.6.1 crashes"
                    + " here)";
        }
        return new Malformed(err, at, token);
    }

    /** Builds the tree from a blob that passed fdt_check_full, so every step below succeeds. */
    private static ParseResult walk(FdtView fdt, List<MemReserve> reservations) {
        List<Property> orphans = new ArrayList<>();
        Deque<NodeBuilder> open = new ArrayDeque<>();
        Node root = null;
        int[] next = {0};
        int[] len = {0};
        long[] namep = {NULL};
        int offset = 0;
        while (true) {
            int tag = FdtRo.fdt_next_tag(fdt, offset, next);
            if (tag == Libfdt.FDT_END) {
                return new Parsed(new FdtTree(reservations, orphans, Optional.ofNullable(root)));
            } else if (tag == Libfdt.FDT_BEGIN_NODE) {
                long name = FdtRo.fdt_get_name(fdt, offset, len);
                if (name == NULL) {
                    // before version 16 a name without '/' has no leaf; keep it whole
                    name = FdtRo.fdt_offset_ptr_(fdt, offset) + Libfdt.FDT_NODE_HEADER_SIZE;
                }
                open.push(new NodeBuilder(fdt.cString(name)));
            } else if (tag == Libfdt.FDT_PROP) {
                long data = FdtRo.fdt_getprop_by_offset(fdt, offset, namep, len);
                // a length of -11 to -1 passes libfdt's checks: such a property has no value bytes to show
                Property p = new Property(fdt.cString(namep[0]), fdt.read(data, Math.max(len[0], 0)));
                if (open.isEmpty()) {
                    orphans.add(p);
                } else {
                    NodeBuilder n = open.peek();
                    (n.children.isEmpty() ? n.properties : n.lateProperties).add(p);
                }
            } else if (tag == Libfdt.FDT_END_NODE) {
                Node done = open.pop().build();
                if (open.isEmpty()) {
                    root = done;
                } else {
                    open.peek().children.add(done);
                }
            }
            offset = next[0];
        }
    }

    private static final class NodeBuilder {
        private final String name;
        private final List<Property> properties = new ArrayList<>();
        private final List<Node> children = new ArrayList<>();
        private final List<Property> lateProperties = new ArrayList<>();

        NodeBuilder(String name) {
            this.name = name;
        }

        Node build() {
            return new Node(name, properties, children, lateProperties);
        }
    }

    // ---------------------------------------------------------------- writing

    /** The blob libfdt's sequential writer makes of this tree, trimmed to its {@code totalsize}. */
    public byte[] toBlob() {
        int size = 48 + Libfdt.FDT_RESERVE_ENTRY_SIZE * (reservations.size() + 1) + 4;
        for (Property p : orphans) {
            size += propertySize(p);
        }
        if (root.isPresent()) {
            size += nodeSize(root.get());
        }
        byte[] buf = new byte[size];
        check(FdtSw.fdt_create(buf, size));
        for (MemReserve r : reservations) {
            check(FdtSw.fdt_add_reservemap_entry(buf, r.address(), r.size()));
        }
        check(FdtSw.fdt_finish_reservemap(buf));
        for (Property p : orphans) {
            check(FdtSw.fdt_property(buf, p.name(), p.value, p.value.length));
        }
        root.ifPresent(r -> writeNode(buf, r));
        check(FdtSw.fdt_finish(buf));
        return Arrays.copyOf(buf, FdtRo.fdt_totalsize(FdtView.of(buf)));
    }

    /** Structure bytes of a property plus room for its name in the strings block. */
    private static int propertySize(Property p) {
        return Libfdt.FDT_PROPERTY_SIZE + Libfdt.FDT_TAGALIGN(p.length()) + p.name().length() + 1;
    }

    private static int nodeSize(Node n) {
        int size = Libfdt.FDT_NODE_HEADER_SIZE + Libfdt.FDT_TAGALIGN(n.name().length() + 1) + Libfdt.FDT_TAGSIZE;
        for (Property p : n.properties()) {
            size += propertySize(p);
        }
        for (Node c : n.children()) {
            size += nodeSize(c);
        }
        for (Property p : n.lateProperties()) {
            size += propertySize(p);
        }
        return size;
    }

    private static void writeNode(byte[] buf, Node n) {
        check(FdtSw.fdt_begin_node(buf, n.name()));
        for (Property p : n.properties()) {
            check(FdtSw.fdt_property(buf, p.name(), p.value, p.value.length));
        }
        for (Node c : n.children()) {
            writeNode(buf, c);
        }
        for (Property p : n.lateProperties()) {
            check(FdtSw.fdt_property(buf, p.name(), p.value, p.value.length));
        }
        check(FdtSw.fdt_end_node(buf));
    }

    private static void check(int err) {
        if (err != 0) {
            // the buffer is sized for the whole tree, so libfdt cannot fail here
            throw new IllegalStateException("FdtSw failed on a buffer sized for the tree: "
                    + Libfdt.fdt_strerror(err));
        }
    }
}
