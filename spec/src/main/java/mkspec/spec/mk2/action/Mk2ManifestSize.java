package mkspec.spec.mk2.action;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import mkspec.spec.mk2.model.Mk2Instance;
import mkspec.spec.mk2.model.Mk2Lifecycle;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Errno;

/**
 * Whether the manifest of an exec fits, from what the spec knows: the boot tree's size as libfdt's sequential writer
 * lays it out (a 48-byte header and an empty reservation map, then per node a tag and its name, per property a
 * 12-byte header and its value, each rounded up to 4 bytes, then every property name once), and the number of
 * reserved ranges its {@code /chosen} lists ([MF14] mk_manifest_finalize, mk_manifest_chosen, [DT14] mk_dt_emit_tree).
 *
 * <p>The spec does not track which instances' IPI rings exec has published ({@code instance->ipi_data} is set at every
 * exec, a failed spawn included, and cleared only by kimage_free), so it knows the number of reserved ranges only
 * between two bounds: every other ACTIVE instance has published its ring, every other instance with an image may
 * have. Where the bounds decide differently, both outcomes are allowed.
 */
public final class Mk2ManifestSize {
    private Mk2ManifestSize() {
    }

    /** MK_MANIFEST_SIZE ([MH14]). */
    public static final long MANIFEST_SIZE = 16384;

    /** MK_RESERVED_PAIRS ([MF14]). */
    public static final int RESERVED_PAIRS = 80;

    /** The header and the terminated reservation map of a tree fdt_create lays out. */
    private static final long HEADER = 64;

    private static long a4(long n) {
        return (n + 3) & ~3L;
    }

    /** The bytes of the tree {@code mk_dt_store_host_tree} keeps for a host tree whose cpus property has {@code n}. */
    public static long storedHostTree(long n) {
        return HEADER + 8 + 12 + a4(n) + 4 + 4 + "cpus".length() + 1;
    }

    /** A tree as the sequential writer grows it: its structure bytes and its distinct property names. */
    private static final class Tree {
        long struct;
        final Set<String> names = new LinkedHashSet<>();

        void node(String name) {
            struct += 4 + a4(name.length() + 1);
        }

        void end() {
            struct += 4;
        }

        void prop(String name, long len) {
            struct += 12 + a4(len);
            names.add(name);
        }

        long size() {
            long strings = 0;
            for (String n : names) {
                strings += n.length() + 1;
            }
            return HEADER + struct + strings;
        }
    }

    /** The boot tree up to the opened {@code /chosen}: the instance's tree as [DT14] mk_dt_emit_tree writes it. */
    private static Tree instanceTree(Mk2Instance i) {
        Tree t = new Tree();
        t.node("");
        t.prop("compatible", "multikernel-v1".length() + 1);
        if (!i.name().isEmpty()) {
            t.prop("model", i.name().length() + 1);
        }
        t.prop("#address-cells", 4);
        t.prop("#size-cells", 4);
        t.prop("id", 4);
        t.node("resources");
        if (i.memory().size() > 0) {
            t.prop("memory-base", 8);
            t.prop("memory-bytes", 8);
        }
        if (!i.cpus().isEmpty()) {
            t.prop("cpus", 8L * i.cpus().size());
        }
        t.end();
        t.node("chosen");
        return t;
    }

    /** The whole boot tree's bytes with {@code pairs} reserved ranges. */
    public static long bootTreeBytes(Mk2State s, Mk2Instance i, int pairs) {
        return chosenTree(s, i, pairs, instanceTree(i)).size();
    }

    /** The tree {@code t}, the boot tree up to the opened /chosen, with /chosen written and the tree finished. */
    private static Tree chosenTree(Mk2State s, Mk2Instance i, int pairs, Tree t) {
        t.prop("multikernel,reserved-memory", 16L * pairs);
        t.prop("multikernel,host-ipi-buffer", 8);
        t.prop("multikernel,host-ipi-pages", 4);
        t.prop("multikernel,ipi-buffer", 8);
        t.prop("multikernel,ipi-pages", 4);
        t.node("multikernel,host-tree");
        if (i.hostTreeBytes() > 0) {
            t.prop("cpus", i.hostTreeBytes());
        } else {
            CpuSet others = s.hostCpus().union(s.freeCpus());
            for (Mk2Instance o : s.instances()) {
                if (o.published() && o.serial() != i.serial()) {
                    others = others.union(o.cpus());
                }
            }
            if (!others.isEmpty()) {
                t.prop("cpus", 8L * others.size());
            }
        }
        t.end();
        t.end();
        t.end();
        t.struct += 4;
        return t;
    }

    /**
     * What mk_manifest_finalize can return for an exec of {@code i}: null for a manifest written whole, -ENOSPC when
     * the tree outgrows MK_MANIFEST_SIZE (before or after the reserved ranges), -E2BIG when they are more than
     * MK_RESERVED_PAIRS; one outcome per bound of the reserved ranges that decides differently.
     */
    public static List<Errno> finalizeOutcomes(Mk2State s, Mk2Instance i) {
        int surely = 3;
        int maybe = 3;
        for (Mk2Instance o : s.instances()) {
            if (o.published() && o.serial() != i.serial()) {
                surely += o.state() == Mk2Lifecycle.ACTIVE ? 2 : 0;
                maybe += o.kimage() != 0 ? 2 : 0;
            }
        }
        List<Errno> out = new ArrayList<>();
        long prefix = instanceTree(i).size();
        for (int pairs : surely == maybe ? new int[] {surely} : new int[] {surely, maybe}) {
            Errno e;
            if (prefix > MANIFEST_SIZE) {
                e = Errno.ENOSPC;
            } else if (pairs > RESERVED_PAIRS) {
                e = Errno.E2BIG;
            } else {
                e = bootTreeBytes(s, i, pairs) > MANIFEST_SIZE ? Errno.ENOSPC : null;
            }
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
