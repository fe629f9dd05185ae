package mkspec.reference.kernel.multikernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.FdtReadLog;
import mkspec.reference.KernelBug;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;

/**
 * kernel/multikernel/kernfs.c [P08]: the /sys/fs/multikernel files. Writing {@code device_tree}
 * creates one instance per /instances node; {@code mkdir} is refused; {@code rmdir} removes an
 * instance that is not busy; each instance's {@code status} shows its state.
 */
public final class MkKernfs {
    /** MK_FDT_COMPATIBLE */
    public static final String MK_FDT_COMPATIBLE = "multikernel-v1";
    /** The later tree's atomic_write_len for device_tree. */
    public static final int ATOMIC_WRITE_LEN = 1 << 20;
    /** The largest id KEXEC_MK_ID() can carry. */
    public static final long MK_ID_MAX = 2047;

    private final MkCore core;
    private final Profile profile;
    private final long pageSize;
    private final FdtReadLog reads;

    public MkKernfs(MkCore core, Profile profile, long pageSize, FdtReadLog reads) {
        this.core = core;
        this.profile = profile;
        this.pageSize = pageSize;
        this.reads = reads;
    }

    /**
     * kernfs_fop_write_iter() for {@code device_tree}: without atomic_write_len (RFC v2, D12) one
     * write() hands the file at most a page, and the caller sees a short write; the later tree
     * takes up to 1 MiB in one piece and refuses more with -E2BIG.
     *
     * @return bytes consumed, or a negative errno
     */
    public int kernfs_fop_write_iter(byte[] data, int from, int count, long pos) {
        int len;
        if (profile.has(Erratum.D12)) {
            len = (int) Math.min(count, pageSize);
        } else {
            if (count > ATOMIC_WRITE_LEN) {
                return Errno.E2BIG.negative();
            }
            len = count;
        }
        // kernfs copies into kmalloc(len + 1) and NUL-terminates it.
        byte[] buf = new byte[len + 1];
        System.arraycopy(data, from, buf, 0, len);
        int ret = root_device_tree_write(buf, len, pos);
        return ret < 0 ? ret : len;
    }

    /**
     * root_device_tree_write(of, buf, count, off): checks the header and /instances, then creates
     * every instance not yet known by name. RFC v2 logs and skips a failing node and returns
     * {@code count} regardless (D7); without D7 the write is all or nothing.
     */
    int root_device_tree_write(byte[] buf, int count, long off) {
        FdtView fdt = new FdtView(buf, count + 1);
        try {
            return rootDeviceTreeWrite(fdt, count);
        } finally {
            reads.record(fdt, "root_device_tree_write (device_tree upload)");
        }
    }

    private int rootDeviceTreeWrite(FdtView fdt, int count) {
        int instances = instancesNode(fdt, count, profile);
        if (instances < 0) {
            return instances;
        }
        boolean allOrNothing = !profile.has(Erratum.D7);
        List<Created> created = new ArrayList<>();
        for (int node = FdtRo.fdt_first_subnode(fdt, instances); node >= 0;
             node = FdtRo.fdt_next_subnode(fdt, node)) {
            int ret = createFromNode(fdt, node, count, created);
            if (ret != 0 && allOrNothing) {
                for (int i = created.size() - 1; i >= 0; i--) {
                    unregisterAndRelease(created.get(i));
                }
                return ret;
            }
        }
        return count;
    }

    /**
     * The checks root_device_tree_write() makes before it looks at any node: a valid header that
     * fits the {@code count} bytes written, and an {@code /instances} node. Returns that node's
     * offset, or -EINVAL.
     */
    public static int instancesNode(FdtView fdt, int count, Profile profile) {
        // fdt_check_header() reads a whole header, whatever count is (D12 without the guard).
        if (!profile.has(Erratum.D12) && count < Libfdt.FDT_V17_SIZE) {
            return Errno.EINVAL.negative();
        }
        if (FdtRo.fdt_check_header(fdt) != 0) {
            return Errno.EINVAL.negative();
        }
        if (!profile.has(Erratum.D12) && Integer.toUnsignedLong(FdtRo.fdt_totalsize(fdt)) > count) {
            return Errno.EINVAL.negative();
        }
        int instances = FdtRo.fdt_path_offset(fdt, "/instances");
        return instances < 0 ? Errno.EINVAL.negative() : instances;
    }

    /** An instance this write created, and the CPUs its creation took offline (what undoing it brings back). */
    private record Created(MkInstance instance, BitSet tookOffline) {
    }

    /** One iteration of the write loop: 0 when the node was created or skipped, else the error. */
    private int createFromNode(FdtView fdt, int node, int count, List<Created> created) {
        long nameOff = FdtRo.fdt_get_name(fdt, node, null);
        if (nameOff == FdtRo.NULL) {
            return Errno.EINVAL.negative();
        }
        String name = fdt.cString(nameOff);
        int[] len = new int[1];
        long idProp = FdtRo.fdt_getprop(fdt, node, "id", len);
        if (idProp == FdtRo.NULL) {
            return Errno.EINVAL.negative(); // RFC v2 skips the node: pr_err + continue
        }
        if (!profile.has(Erratum.D13) && len[0] != 4) {
            return Errno.EINVAL.negative();
        }
        // fdt32_to_cpu(*id_prop): four bytes whatever the property's length (D13).
        int id = fdt.u32AsC(idProp, len[0]);
        if (core.mk_instance_find_by_name(name) != null) {
            return 0; // "already exists, updating DTB": nothing is updated, in either profile
        }
        return mk_create_instance_from_dtb(name, id, fdt, node, count, created);
    }

    /**
     * mk_create_instance_from_dtb(): per-instance DTB, struct, kernfs directory, mk_dt_parse(),
     * reservation, DTB stored, files, idr slot, list, READY. A failure after the reservation
     * (idr_alloc(): -ENOSPC for a taken id, -EINVAL for a negative one) leaks the reservation in
     * RFC v2 (D7).
     */
    int mk_create_instance_from_dtb(String name, int id, FdtView fdt, int node, long fullDtbSize,
                                    List<Created> created) {
        byte[][] dtb = new byte[1][];
        int ret = mk_extract_instance_dtb_from_node(fdt, node, name, dtb, pageSize, profile, reads);
        if (ret != 0) {
            return ret;
        }
        MkInstance instance = core.kzalloc();
        instance.id = id;
        instance.name = name;
        instance.state = InstanceState.EMPTY;
        instance.cpusValid = true;
        instance.kernfsDir = true; // kernfs_create_dir(); inactive until kernfs_activate()

        MkDts.Config config = new MkDts.Config();
        ret = MkDts.mk_dt_parse(FdtView.of(dtb[0]), dtb[0].length, config, core.cpus, pageSize, profile);
        if (ret == 0) {
            ret = checkBeforeReserving(id, config);
        }
        if (ret != 0) {
            return discard(instance, ret); // cleanup_kernfs
        }
        BitSet tookOffline = core.cpus.online();
        ret = core.mk_instance_reserve_resources(instance, config);
        if (ret != 0) {
            return discard(instance, ret); // cleanup_config
        }
        tookOffline.andNot(core.cpus.online()); // what this creation took offline: what undoing it brings back
        instance.dtbData = dtb[0];
        instance.dtbHash = java.util.Arrays.hashCode(dtb[0]);
        instance.dtbSize = dtb[0].length;
        // mk_create_instance_files(): never fails in the model.
        if (id < 0) {
            ret = Errno.EINVAL.negative(); // idr_alloc(start < 0)
        } else if (core.idr.containsKey(id)) {
            ret = Errno.ENOSPC.negative();
        }
        if (ret != 0) {
            if (!profile.has(Erratum.D7)) {
                core.releaseReservation(instance, tookOffline);
            }
            // RFC v2: cleanup_config frees the struct only; its pool chunks stay taken from the global
            // pool and its CPUs stay offline, owned by nobody.
            return discard(instance, ret);
        }
        core.idr.put(id, instance);
        core.list.add(instance);
        instance.setState(InstanceState.READY);
        created.add(new Created(instance, tookOffline));
        return 0;
    }

    /** The fixed profile's checks that RFC v2 does not make, before anything is reserved. */
    private int checkBeforeReserving(int id, MkDts.Config config) {
        if (!profile.has(Erratum.D17) && (id < 1 || id > MK_ID_MAX)) {
            return Errno.EINVAL.negative();
        }
        if (!profile.has(Erratum.D5)) {
            if (config.cpus.get(0)) {
                return Errno.EINVAL.negative(); // CPU 0 stays with the host
            }
            for (MkInstance other : core.list) {
                if (other.cpus.intersects(config.cpus)) {
                    return Errno.EBUSY.negative();
                }
            }
        }
        return 0;
    }

    /**
     * Undoes a creation of this write: unregisters the instance and releases what it reserved,
     * bringing back online only the CPUs its creation took offline.
     */
    private void unregisterAndRelease(Created c) {
        core.unregister(c.instance());
        core.releaseReservation(c.instance(), c.tookOffline());
        discard(c.instance(), 0);
    }

    /** The error exits of mk_create_instance_from_dtb(): kernfs_remove() of its directory, kfree(). */
    private static int discard(MkInstance instance, int ret) {
        instance.kernfsDir = false;
        instance.freed = true;
        return ret;
    }

    /**
     * mk_extract_instance_dtb_from_node(): rebuilds {@code / { compatible; instances { <name> {
     * props; <subnode> { props } } } }} in a PAGE_SIZE buffer with the sequential writer. RFC v2
     * ORs libfdt's error codes together and returns that (D11); the fixed profile returns a real
     * errno.
     */
    public static int mk_extract_instance_dtb_from_node(FdtView fdt, int node, String name, byte[][] out,
                                                        long pageSize, Profile profile, FdtReadLog reads) {
        byte[] nf = new byte[(int) pageSize];
        int ret = FdtSw.fdt_create(nf, (int) pageSize);
        ret |= FdtSw.fdt_finish_reservemap(nf);
        ret |= FdtSw.fdt_begin_node(nf, "");
        ret |= FdtSw.fdt_property_string(nf, "compatible", MK_FDT_COMPATIBLE);
        ret |= FdtSw.fdt_begin_node(nf, "instances");
        ret |= FdtSw.fdt_begin_node(nf, name);
        ret |= copyProperties(fdt, node, nf, profile, reads);
        for (int sub = FdtRo.fdt_first_subnode(fdt, node); sub >= 0; sub = FdtRo.fdt_next_subnode(fdt, sub)) {
            long subName = FdtRo.fdt_get_name(fdt, sub, null);
            if (subName == FdtRo.NULL) {
                continue;
            }
            ret |= FdtSw.fdt_begin_node(nf, fdt.cString(subName));
            ret |= copyProperties(fdt, sub, nf, profile, reads);
            ret |= FdtSw.fdt_end_node(nf);
        }
        ret |= FdtSw.fdt_end_node(nf);
        ret |= FdtSw.fdt_end_node(nf);
        ret |= FdtSw.fdt_end_node(nf);
        ret |= FdtSw.fdt_finish(nf);
        if (ret != 0) {
            return libfdtError(ret, profile);
        }
        int size = FdtRo.fdt_totalsize(FdtView.of(nf));
        out[0] = java.util.Arrays.copyOf(nf, size);
        return 0;
    }

    /**
     * The property loop of mk_extract_instance_dtb_from_node(): fdt_get_property_by_offset(), whose NULL (every
     * property of a blob older than version 16) skips the property, then fdt_string() of its name offset and
     * fdt_property(). A name offset outside the strings block makes fdt_string() return NULL, which RFC v2 hands to
     * fdt_property(): its strlen() dereferences it (D20), a read outside every FDT buffer and a host oops.
     */
    private static int copyProperties(FdtView fdt, int node, byte[] nf, Profile profile, FdtReadLog reads) {
        int ret = 0;
        for (int p = FdtRo.fdt_first_property_offset(fdt, node); p >= 0; p = FdtRo.fdt_next_property_offset(fdt, p)) {
            long prop = FdtRo.fdt_get_property_by_offset(fdt, p, null);
            if (prop == FdtRo.NULL) {
                continue;
            }
            int len = fdt.u32(prop + 4);
            long name = FdtRo.fdt_string(fdt, fdt.u32(prop + 8));
            if (name == FdtRo.NULL) {
                if (profile.has(Erratum.D20)) {
                    reads.record(1, "fdt_property(): strlen() of the NULL name fdt_string() returned");
                    throw new KernelBug("fdt_property NULL name", "a property name offset outside the strings block "
                        + "reached fdt_property() as NULL");
                }
                ret |= -Libfdt.FDT_ERR_BADOFFSET;
                continue;
            }
            byte[] value = fdt.read(prop + 12, Math.max(len, 0));
            ret |= FdtSw.fdt_property(nf, fdt.cString(name), value, value.length);
        }
        return ret;
    }

    /**
     * What a libfdt failure becomes: RFC v2 returns the OR of the negative libfdt codes as if it
     * were an errno (D11); the fixed profile maps -FDT_ERR_NOSPACE to -ENOSPC and anything else to
     * -EINVAL.
     */
    public static int libfdtError(int orred, Profile profile) {
        if (profile.has(Erratum.D11)) {
            return orred;
        }
        return orred == -Libfdt.FDT_ERR_NOSPACE ? Errno.ENOSPC.negative() : Errno.EINVAL.negative();
    }

    /** mk_kernfs_mkdir(): manual instance creation is disabled. */
    public int mk_kernfs_mkdir(String name) {
        return Errno.EPERM.negative();
    }

    /**
     * mk_kernfs_rmdir(): -ENOENT for no such directory; -EBUSY while the instance is busy (RFC v2:
     * ACTIVE or LOADING; fixed: also LOADED, or any loaded image); then unlink, drop the creation
     * reference (which may destroy the instance pool: D6 BUG) and remove the directory. The three
     * sections, run back to back, are the call one thread makes alone.
     */
    public int mk_kernfs_rmdir(String name) {
        MkInstance instance = mk_kernfs_rmdir_unlink(name);
        if (instance == null) {
            return rmdirRefusal(name);
        }
        kernfs_remove_self(instance);
        core.mk_instance_put(instance);
        return 0;
    }

    /**
     * The errno rmdir of {@code name} returns when {@link #mk_kernfs_rmdir_unlink} refuses it: -ENOENT without a
     * directory, -EBUSY otherwise. It reads what the refusing section read and changes nothing.
     */
    public int rmdirRefusal(String name) {
        MkInstance instance = core.mk_instance_find_by_name(name);
        return instance == null || !instance.kernfsDir ? Errno.ENOENT.negative() : Errno.EBUSY.negative();
    }

    /**
     * rmdir's first section, under mk_instance_mutex: the busy check, list_del() and idr_remove(). Returns the
     * unlinked instance, whose creation reference the caller still holds, or null when rmdir refuses (then nothing
     * changed; {@link #rmdirRefusal} says why). The VFS holds the parent directory's i_rwsem across vfs_rmdir(),
     * so no other rmdir runs until this call ends.
     */
    public MkInstance mk_kernfs_rmdir_unlink(String name) {
        MkInstance instance = core.mk_instance_find_by_name(name);
        if (instance == null || !instance.kernfsDir) {
            return null;
        }
        InstanceState s = instance.state;
        if (s == InstanceState.ACTIVE || s == InstanceState.LOADING) {
            return null;
        }
        if (!profile.has(Erratum.D5) && (s == InstanceState.LOADED || instance.kimage != null)) {
            return null;
        }
        core.unregister(instance);
        return instance;
    }

    /**
     * kernfs_remove_self(kn): deactivates instances/<name>/ and its files, waiting for every read that holds an
     * active reference on one of them (kernfs_drain), then removes them. A read that starts later finds no file.
     */
    public void kernfs_remove_self(MkInstance instance) {
        instance.kernfsDir = false;
    }

    /**
     * A read of instances/&lt;name&gt;/status for every directory in {@code dirs} that kernfs still shows:
     * kernfs_get_active() on the open file, then mk_status_show() reads kn-&gt;parent-&gt;priv's state, then
     * kernfs_put_active(). The active reference makes the read one section: kernfs_remove_self() waits for it. An
     * instance struct mk_instance_release() has freed is read anyway (what KASAN reports as a use-after-free):
     * the returned list names each such read.
     */
    public List<String> mk_status_show(List<MkInstance> dirs) {
        List<String> freedReads = new ArrayList<>();
        for (MkInstance i : dirs) {
            if (i.kernfsDir && i.freed) {
                freedReads.add(i.name);
            }
        }
        return freedReads;
    }

    /** Every instances/<name>/status, by name, in list order. */
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        for (MkInstance i : core.list) {
            if (i.kernfsDir) {
                m.put(i.name, i.state.text());
            }
        }
        return m;
    }
}
