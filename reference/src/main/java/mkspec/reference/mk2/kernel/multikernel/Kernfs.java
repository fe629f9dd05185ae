package mkspec.reference.mk2.kernel.multikernel;

import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.MkInstance;

/** kernel/multikernel/kernfs.c [KF14@14213ee5]: the root device_tree write, instance creation and destruction. */
public final class Kernfs {
    private Kernfs() {
    }

    /** The root device_tree's {@code .atomic_write_len}: a larger write is -E2BIG in kernfs. */
    public static final int ATOMIC_WRITE_LEN = 1 << 20;

    /**
     * root_device_tree_write(): the whole baseline in one write (-E2BIG above 1 MiB), a valid header whose
     * totalsize is the count, no instance under {@code /instances}, then the baseline. Returns count or an errno.
     */
    public static int root_device_tree_write(Host h, byte[] buf) {
        if (buf.length > ATOMIC_WRITE_LEN) {
            return Errno.E2BIG.negative();
        }
        FdtView fdt = FdtView.of(buf);
        if (FdtRo.fdt_check_header(fdt) != 0 || FdtRo.fdt_totalsize(fdt) != buf.length) {
            return Errno.EINVAL.negative();
        }
        int instances = FdtRo.fdt_path_offset(fdt, "/instances");
        if (instances >= 0 && FdtRo.fdt_first_subnode(fdt, instances) >= 0) {
            return Errno.EINVAL.negative();
        }
        int ret = Baseline.mk_baseline_validate_and_initialize(h, fdt);
        return ret < 0 ? ret : buf.length;
    }

    /**
     * mk_create_instance_from_dtb(name, id, fdt, resources, chosen): a READY record, its resources (and chosen, when
     * there is one, a negative offset otherwise) parsed, its directory
     * (a reference), its id (auto: the lowest free from 1; taken: -ENOSPC), its memory and CPUs reserved, then the
     * list. The error labels free what the label above them took, in reverse.
     *
     * @param id the requested id, negative for an automatic one
     * @return the new record's serial, or a negative errno
     */
    public static int mk_create_instance_from_dtb(Host h, String name, long id, FdtView fdt, int resources,
                                                  int chosen) {
        MkInstance inst = Core.mk_instance_alloc(h, name);
        Dts.Config config = new Dts.Config();
        int ret = Dts.mk_dt_parse_resources(fdt, resources, config, h.pageSize);
        if (ret == 0 && chosen >= 0) {
            ret = Dts.mk_dt_parse_chosen(fdt, chosen, inst);
        }
        if (ret != 0) {
            return freeConfig(h, inst, ret);
        }
        inst.kn = true;
        Core.mk_instance_get(h, inst);
        int newId;
        if (id == 0) {
            return removeDir(h, inst, Errno.ENOMEM.negative());
        } else if (id < 0) {
            newId = 1;
            while (h.idr.containsKey(newId)) {
                newId++;
            }
        } else {
            if (h.idr.containsKey((int) id)) {
                return removeDir(h, inst, Errno.ENOSPC.negative());
            }
            newId = (int) id;
        }
        inst.id = newId;
        h.idr.put(newId, inst.serial);
        ret = Core.mk_instance_reserve_resources(h, inst, config.memoryBytes, config.cpus);
        if (ret != 0) {
            h.idr.remove(newId);
            return removeDir(h, inst, ret);
        }
        inst.published = true;
        h.instanceList.add(inst.serial);
        Core.mk_instance_set_state(inst, InstanceState.READY);
        return inst.serial;
    }

    /** err_remove_dir: kernfs_remove and the directory's reference, then err_free_config. */
    private static int removeDir(Host h, MkInstance inst, int ret) {
        inst.kn = false;
        inst.refcount--;
        return freeConfig(h, inst, ret);
    }

    /** err_free_config: mk_instance_free frees the record without returning any resource (none was kept). */
    private static int freeConfig(Host h, MkInstance inst, int ret) {
        h.records.remove(inst.serial);
        return ret;
    }

    /**
     * mk_instance_destroy(instance): ACTIVE or LOADED is -EBUSY; otherwise off the list, the idr and kernfs, and both
     * the directory's and the creation's references dropped. It does not look at instance->kimage.
     */
    public static int mk_instance_destroy(Host h, MkInstance inst) {
        if (inst.state == InstanceState.ACTIVE || inst.state == InstanceState.LOADED) {
            return Errno.EBUSY.negative();
        }
        // a spawned kernel sees itself as a READY instance: as read, its own record passes (N19)
        if (!h.has(Mk2Erratum.N19) && h.mkSelf != 0 && inst.serial == h.mkSelf) {
            return Errno.EBUSY.negative();
        }
        h.instanceList.remove(Integer.valueOf(inst.serial));
        h.idr.remove(inst.id);
        inst.published = false;
        int serial = inst.serial;
        if (inst.kn) {
            inst.kn = false;
            Core.mk_instance_put(h, serial);
        }
        Core.mk_instance_put(h, serial);
        return 0;
    }

    /**
     * mk_kernfs_register_boot_instances(): the records restored before kernfs existed that have a name (a spawned
     * kernel's mk_self and its "host") get their instances/&lt;name&gt; directory, and a reference for it.
     */
    public static void mk_kernfs_register_boot_instances(Host h) {
        for (int serial : h.instanceList) {
            MkInstance i = h.record(serial, "mk_kernfs_register_boot_instances");
            if (i.kn || i.name.isEmpty()) {
                continue;
            }
            i.kn = true;
            Core.mk_instance_get(h, i);
        }
    }

    /** Whether the fixed profile refuses this id: KEXEC_MK_ID carries 11 bits, so an id above 2047 is unloadable. */
    public static boolean idUnaddressable(Host h, long id) {
        return !h.has(Mk2Erratum.N17) && id > 2047;
    }
}
