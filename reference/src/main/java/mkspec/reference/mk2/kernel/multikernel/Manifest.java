package mkspec.reference.mk2.kernel.multikernel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.Spawn;

/**
 * kernel/multikernel/manifest.c [MF14@14213ee5]: the boot tree exec writes into an image's manifest pages, and the
 * spawned kernel's first look at it.
 */
public final class Manifest {
    private Manifest() {
    }

    /** MK_MANIFEST_SIZE ([MH14]: SZ_16K). */
    public static final int MK_MANIFEST_SIZE = 16384;

    /** MK_RESERVED_PAIRS: the most (base, size) ranges {@code multikernel,reserved-memory} lists. */
    public static final int MK_RESERVED_PAIRS = 80;

    /**
     * The host's own inbox ring (mk_self->ipi_data, [ID14] mk_instance_alloc_ipi at boot): allocated before anything
     * the model sees, so it lies at a fixed page below the model's RAM, one page long like every ring of the model.
     */
    public static long hostInboxPhys(Host h) {
        return (h.pages.first() - 1) << h.pageShift;
    }

    /**
     * mk_pool_park_regions(pairs, max): the pool's park set, arch code the notes could not read. The model has no
     * park area, so it lists no range.
     */
    static int mk_pool_park_regions(List<long[]> pairs, int max) {
        return 0;
    }

    /** mk_reserved_add(r, base, size): one more range, -E2BIG past MK_RESERVED_PAIRS. */
    private static int mk_reserved_add(List<long[]> r, long base, long size) {
        if (r.size() == MK_RESERVED_PAIRS) {
            return Errno.E2BIG.negative();
        }
        r.add(new long[] {base, size});
        return 0;
    }

    /**
     * mk_manifest_add_reserved(fdt, image): the host's inbox, this image's ring and manifest, every other listed
     * record's ring (a record exec pointed at one) and its image's manifest, the park set; then the property.
     */
    private static int mk_manifest_add_reserved(Host h, byte[] fdt, KImage image) {
        List<long[]> r = new ArrayList<>();
        int ret = mk_reserved_add(r, hostInboxPhys(h), h.pageSize);
        if (ret == 0 && image.ipiRing >= 0) {
            ret = mk_reserved_add(r, image.ipiRing << h.pageShift, h.pageSize << KImage.IPI_RING_ORDER);
        }
        if (ret == 0 && image.manifest >= 0) {
            ret = mk_reserved_add(r, image.manifest << h.pageShift, MK_MANIFEST_SIZE);
        }
        for (int serial : h.instanceList) {
            if (ret != 0) {
                break;
            }
            MkInstance other = h.record(serial, "mk_manifest_add_reserved");
            if (other.ipiPhys == 0) {
                continue;
            }
            ret = mk_reserved_add(r, other.ipiPhys, h.pageSize << KImage.IPI_RING_ORDER);
            KImage k = other.kimage == 0 ? null : h.image(other.kimage, "mk_manifest_add_reserved");
            if (ret == 0 && k != null && k.manifest >= 0) {
                ret = mk_reserved_add(r, k.manifest << h.pageShift, MK_MANIFEST_SIZE);
            }
        }
        if (ret == 0) {
            int pairs = mk_pool_park_regions(r, MK_RESERVED_PAIRS - r.size());
            if (pairs < 0) {
                ret = pairs;
            }
        }
        if (ret != 0) {
            return ret;
        }
        byte[] cells = new byte[16 * r.size()];
        for (int k = 0; k < r.size(); k++) {
            put64(cells, 16 * k, r.get(k)[0]);
            put64(cells, 16 * k + 8, r.get(k)[1]);
        }
        return FdtSw.fdt_property(fdt, "multikernel,reserved-memory", cells, cells.length);
    }

    private static void put64(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) {
            b[at + k] = (byte) (v >>> (56 - 8 * k));
        }
    }

    /**
     * mk_manifest_collect_cpus(target, pool): every other listed record's CPUs, the host's own (its mk_self, the
     * CPUs it runs on) and the free pool CPUs, sorted.
     */
    private static List<Long> mk_manifest_collect_cpus(Host h, MkInstance target) {
        TreeSet<Long> pool = new TreeSet<>();
        for (int cpu = h.online.nextSetBit(0); cpu >= 0; cpu = h.online.nextSetBit(cpu + 1)) {
            pool.add((long) cpu);
        }
        for (int serial : h.instanceList) {
            MkInstance other = h.record(serial, "mk_manifest_collect_cpus");
            if (other != target) {
                pool.addAll(other.cpus);
            }
        }
        if (h.pool != null) {
            for (int cpu = h.pool.cpus.nextSetBit(0); cpu >= 0; cpu = h.pool.cpus.nextSetBit(cpu + 1)) {
                pool.add((long) cpu);
            }
        }
        return new ArrayList<>(pool);
    }

    /** mk_manifest_add_host_tree(fdt, target): the user's host tree, or one naming the CPUs the spawn may get later. */
    private static int mk_manifest_add_host_tree(Host h, byte[] fdt, MkInstance target) {
        if (target.hostTree != null) {
            return Dts.mk_dt_emit_host_tree(fdt, target);
        }
        List<Long> cpus = mk_manifest_collect_cpus(h, target);
        int ret = FdtSw.fdt_begin_node(fdt, "multikernel,host-tree");
        if (ret == 0) {
            ret = Dts.mk_dt_emit_cpu_prop(fdt, "cpus", cpus);
        }
        return ret != 0 ? ret : FdtSw.fdt_end_node(fdt);
    }

    /**
     * mk_manifest_chosen(fdt, ctx): the reserved ranges, the host's inbox, this image's ring, the host tree. The
     * pool's park slot (mk_pool->arch.slot_phys) is arch code the notes could not read: the model has none.
     */
    private static int mk_manifest_chosen(Host h, byte[] fdt, KImage image, MkInstance instance) {
        int ret = mk_manifest_add_reserved(h, fdt, image);
        if (ret == 0) {
            ret = FdtSw.fdt_property_u64(fdt, "multikernel,host-ipi-buffer", hostInboxPhys(h));
        }
        if (ret == 0) {
            ret = FdtSw.fdt_property_u32(fdt, "multikernel,host-ipi-pages", 1);
        }
        if (ret == 0 && image.ipiRing >= 0) {
            ret = FdtSw.fdt_property_u64(fdt, "multikernel,ipi-buffer", image.ipiRing << h.pageShift);
            if (ret == 0) {
                ret = FdtSw.fdt_property_u32(fdt, "multikernel,ipi-pages", 1 << KImage.IPI_RING_ORDER);
            }
        }
        return ret != 0 ? ret : mk_manifest_add_host_tree(h, fdt, instance);
    }

    /**
     * mk_manifest_finalize(image): the boot tree of the record the image's id names, written into the manifest
     * pages; -EINVAL without a valid id or pages, -ENOENT for an id no record has, libfdt's NOSPACE as -ENOSPC and
     * any other error as it is. The pages keep what the writer left, finished or not.
     */
    public static int mk_manifest_finalize(Host h, KImage image) {
        if (image.mkId <= 0 || image.manifestPage == null) {
            return Errno.EINVAL.negative();
        }
        MkInstance instance = Core.mk_instance_find(h, image.mkId);
        if (instance == null) {
            return Errno.ENOENT.negative();
        }
        byte[] fdt = new byte[MK_MANIFEST_SIZE];
        int ret = Dts.mk_dt_emit_boot_tree(instance, fdt, MK_MANIFEST_SIZE,
            buf -> mk_manifest_chosen(h, buf, image, instance));
        image.manifestPage = fdt;
        Core.mk_instance_put(h, instance.serial);
        if (ret != 0) {
            return ret == -Libfdt.FDT_ERR_NOSPACE ? Errno.ENOSPC.negative() : ret;
        }
        return 0;
    }

    /**
     * What manifest pages tell the kernel that boots from them: read once, when it boots, as the abstraction and the
     * machine's fingerprint need it.
     */
    public static Spawn.Told told(byte[] page) {
        if (page == null) {
            return Spawn.Told.of(Spawn.Told.Kind.MALFORMED);
        }
        FdtView fdt = FdtView.of(page);
        if (FdtRo.fdt_magic(fdt) == Libfdt.FDT_SW_MAGIC) {
            return Spawn.Told.of(Spawn.Told.Kind.UNFINISHED);
        }
        int[] len = new int[1];
        long model = mk_manifest_populate(page) ? FdtRo.fdt_getprop(fdt, 0, "model", len) : FdtRo.NULL;
        long id = model == FdtRo.NULL ? FdtRo.NULL : FdtRo.fdt_getprop(fdt, 0, "id", len);
        if (id == FdtRo.NULL || len[0] != 4) {
            return Spawn.Told.of(Spawn.Told.Kind.MALFORMED);
        }
        int idValue = fdt.u32(id);
        int res = FdtRo.fdt_subnode_offset(fdt, 0, "resources");
        List<Long> cpus = new ArrayList<>();
        long base = 0;
        long bytes = 0;
        if (res >= 0) {
            long c = FdtRo.fdt_getprop(fdt, res, "cpus", len);
            for (int k = 0; c != FdtRo.NULL && k < len[0] / 8; k++) {
                cpus.add(fdt.u64(c + 8L * k));
            }
            long b = FdtRo.fdt_getprop(fdt, res, "memory-base", len);
            base = b == FdtRo.NULL ? 0 : fdt.u64(b);
            long m = FdtRo.fdt_getprop(fdt, res, "memory-bytes", len);
            bytes = m == FdtRo.NULL ? 0 : fdt.u64(m);
        }
        return new Spawn.Told(Spawn.Told.Kind.TELLS, idValue, fdt.cString(model), cpus, base, bytes);
    }

    /**
     * mk_manifest_populate(fdt_phys, len), in the spawned kernel: the manifest is accepted when its header is valid
     * and its root is compatible with "multikernel-v1"; otherwise it is ignored and the kernel boots as a host.
     */
    public static boolean mk_manifest_populate(byte[] page) {
        FdtView fdt = FdtView.of(page);
        return FdtRo.fdt_check_header(fdt) == 0 && FdtRo.fdt_node_check_compatible(fdt, 0, Dts.MK_FDT_COMPATIBLE) == 0;
    }
}
