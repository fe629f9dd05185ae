package mkspec.reference.mk2.kernel.multikernel;

import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.Spawn;

/**
 * kernel/multikernel/instance_dt.c [ID14@14213ee5]: the spawned kernel restoring its own record from the manifest it
 * booted with. The spawned kernel is a {@link Host} of its own: its idr, its instance list and its mk_self.
 */
public final class InstanceDt {
    private InstanceDt() {
    }

    /** What mk_dt_extract_instance_info reads. */
    record Info(int id, String name) {
    }

    /**
     * mk_dt_extract_instance_info(dtb): the root's {@code model} (absent: -EINVAL) and {@code id} (absent: -ENOENT).
     * The id's length is not checked (the notes' N10): four bytes are read from where its value starts, whatever
     * its length. The host's only manifest writer, mk_manifest_finalize, always writes a 4-byte id, so no sequence of
     * host calls reaches a shorter one.
     *
     * @param out receives the id and name
     * @return 0 or a negative errno
     */
    static int mk_dt_extract_instance_info(FdtView fdt, Info[] out) {
        int root = FdtRo.fdt_path_offset(fdt, "/");
        if (root < 0) {
            return Errno.EINVAL.negative();
        }
        int[] len = new int[1];
        long name = FdtRo.fdt_getprop(fdt, root, "model", len);
        if (name == FdtRo.NULL) {
            return Errno.EINVAL.negative();
        }
        long id = FdtRo.fdt_getprop(fdt, root, "id", null);
        if (id == FdtRo.NULL) {
            return Errno.ENOENT.negative();
        }
        out[0] = new Info(fdt.u32(id), fdt.cString(name));
        return 0;
    }

    /**
     * The spawned kernel's boot as far as the model follows it: mk_manifest_populate, then
     * mk_instance_restore_from_manifest (an early initcall, before the other CPUs are brought up), then
     * mk_kernfs_register_boot_instances.
     *
     * @param page the manifest pages as exec left them
     * @param bootCpu the CPU the arch code starts it on (the instance's first)
     * @return the spawned kernel's records, and what it restored itself as (null when the restore failed)
     */
    public static Booted boot(Host parent, byte[] page, long bootCpu) {
        // the spawned kernel's own page allocator is not modelled: nothing it does here allocates pages
        Host k = new Host(parent.profile, parent.pageSize, parent.nrCpus, parent.pages.first(), 1);
        k.online.clear();
        k.online.set((int) bootCpu);
        byte[] manifest = page != null && Manifest.mk_manifest_populate(page) ? page : null;
        int ret = mk_instance_restore_from_manifest(k, manifest);
        Spawn.Restored restored = null;
        if (ret == 0) {
            MkInstance self = k.record(k.mkSelf, "mk_instance_restore_from_manifest");
            restored = new Spawn.Restored(self.id, self.name, self.cpus);
        }
        Kernfs.mk_kernfs_register_boot_instances(k);
        return new Booted(k, restored);
    }

    /** A spawned kernel after its boot: its records, and what it restored itself as (null when the restore failed). */
    public record Booted(Host kernel, Spawn.Restored restored) {
    }

    /**
     * mk_instance_restore_from_manifest(): without a manifest this kernel is a host: mk_self is id 0 with no name and
     * every online CPU (at an early initcall, the boot CPU only). With one: its id and name, its resources parsed
     * (mk_dt_parse), its CPUs, published at its id (READY), then the parent's record "host" at id 0 (ACTIVE).
     * Any failure is returned, and nothing checks it: mk_self stays NULL.
     *
     * @param manifest the accepted manifest, null for none
     */
    static int mk_instance_restore_from_manifest(Host k, byte[] manifest) {
        if (manifest == null) {
            MkInstance self = Core.mk_instance_alloc(k, "");
            for (int cpu = k.online.nextSetBit(0); cpu >= 0; cpu = k.online.nextSetBit(cpu + 1)) {
                self.cpus.add((long) cpu);
            }
            mk_instance_publish(k, self, 0);
            k.mkSelf = self.serial;
            return 0;
        }
        FdtView fdt = FdtView.of(manifest);
        Info[] info = new Info[1];
        int ret = mk_dt_extract_instance_info(fdt, info);
        if (ret != 0) {
            return ret;
        }
        Dts.Config config = new Dts.Config();
        ret = Dts.mk_dt_parse(fdt, FdtRo.fdt_totalsize(fdt), config, k.pageSize);
        if (ret != 0) {
            return ret;
        }
        MkInstance self = Core.mk_instance_alloc(k, info[0].name());
        self.cpus.addAll(config.cpus());
        if (k.idr.containsKey(info[0].id())) {
            k.records.remove(self.serial);
            return Errno.EEXIST.negative();
        }
        mk_instance_publish(k, self, info[0].id());
        k.mkSelf = self.serial;
        mk_restore_host_instance(k);
        return 0;
    }

    /** mk_instance_publish(instance): into the idr at the record's own id and onto the list. */
    private static void mk_instance_publish(Host k, MkInstance i, int id) {
        i.id = id;
        i.published = true;
        k.idr.put(id, i.serial);
        k.instanceList.add(i.serial);
    }

    /** mk_restore_host_instance(): the parent's record, "host" at id 0, ACTIVE (the manifest names its inbox). */
    private static void mk_restore_host_instance(Host k) {
        MkInstance hi = Core.mk_instance_alloc(k, "host");
        mk_instance_publish(k, hi, 0);
        Core.mk_instance_set_state(hi, InstanceState.ACTIVE);
    }
}
