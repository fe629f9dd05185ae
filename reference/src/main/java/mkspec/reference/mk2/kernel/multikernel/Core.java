package mkspec.reference.mk2.kernel.multikernel;

import java.util.List;
import mkspec.reference.Errno;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.MkInstance;

/** kernel/multikernel/core.c [C14@14213ee5]: instance records, their references, resources and halts. */
public final class Core {
    private Core() {
    }

    /** mk_instance_alloc(id, name): a READY record with one reference, not yet published. */
    public static MkInstance mk_instance_alloc(Host h, String name) {
        MkInstance i = new MkInstance(h.nextRecordSerial++, name);
        h.records.put(i.serial, i);
        return i;
    }

    /** mk_instance_find(id): the idr lookup under mk_instance_mutex, with a reference; null if absent. */
    public static MkInstance mk_instance_find(Host h, int id) {
        Integer serial = h.idr.get(id);
        if (serial == null) {
            return null;
        }
        MkInstance i = h.record(serial, "mk_instance_find");
        mk_instance_get(h, i);
        return i;
    }

    /** mk_instance_find_by_name(name): the list walk; takes no reference. */
    public static MkInstance mk_instance_find_by_name(Host h, String name) {
        for (int serial : h.instanceList) {
            MkInstance i = h.record(serial, "mk_instance_find_by_name");
            if (i.name.equals(name)) {
                return i;
            }
        }
        return null;
    }

    public static void mk_instance_get(Host h, MkInstance i) {
        i.refcount++;
    }

    /** mk_instance_put(): kref_put, releasing at zero. A put of a released record is a use after free. */
    public static void mk_instance_put(Host h, int serial) {
        MkInstance i = h.record(serial, "mk_instance_put");
        if (--i.refcount == 0) {
            mk_instance_release(h, i);
        }
    }

    /**
     * mk_instance_release(): CPUs back to mk_pool->cpus, then mk_instance_free_memory (the instance pool's chunks back
     * to the pool, gen_pool_destroy), the record freed. Regions a memory-add gave stay allocated (N13) unless fixed.
     */
    static void mk_instance_release(Host h, MkInstance i) {
        if (h.pool != null) {
            for (long cpu : i.cpus) {
                h.pool.cpus.set((int) cpu);
            }
        }
        if (i.instancePool != null) {
            Mem.multikernel_destroy_instance_pool(h, i);
        }
        if (!h.has(Mk2Erratum.N13)) {
            for (MkInstance.MemoryRegion r : i.memoryRegions) {
                if (!r.chunk()) {
                    Mem.multikernel_free(h, r.base(), r.size());
                }
            }
        }
        h.records.remove(i.serial);
    }

    /**
     * mk_instance_reserve_resources(instance, config): the memory (its failure is returned), then the CPUs, all or
     * nothing: each must be a free pool CPU (-EBUSY). The CPU failure is logged and swallowed (N7) unless fixed.
     */
    static int mk_instance_reserve_resources(Host h, MkInstance i, long memoryBytes, List<Long> cpus) {
        if (memoryBytes != 0) {
            if (memoryBytes > Mem.mk_pool_avail_bytes(h)) {
                return Errno.ENOMEM.negative();
            }
            int ret = Mem.multikernel_create_instance_pool(h, i, memoryBytes);
            if (ret != 0) {
                return ret;
            }
        }
        int ret = mk_instance_transfer_cpus(h, i, cpus);
        if (ret != 0 && !h.has(Mk2Erratum.N7)) {
            if (i.instancePool != null) {
                Mem.multikernel_destroy_instance_pool(h, i);
            }
            i.memoryRegions.clear();
            return ret;
        }
        return 0;
    }

    /** The CPU transfer: every CPU must be free in the pool, or none moves. */
    private static int mk_instance_transfer_cpus(Host h, MkInstance i, List<Long> cpus) {
        for (long cpu : cpus) {
            if (h.pool == null || cpu < 0 || cpu >= h.nrCpus || !h.pool.cpus.get((int) cpu)) {
                return Errno.EBUSY.negative();
            }
        }
        for (long cpu : cpus) {
            h.pool.cpus.clear((int) cpu);
            if (!i.cpus.contains(cpu)) {
                i.cpus.add(cpu);
            }
        }
        return 0;
    }

    /** mk_instance_set_state(): no lock, no transition check. */
    public static void mk_instance_set_state(MkInstance i, InstanceState s) {
        i.state = s;
    }

    /**
     * multikernel_halt_by_id(id): -ENOENT, -EINVAL unless ACTIVE; MK_SYS_SHUTDOWN and a 30 s wait: no answer is
     * -ETIMEDOUT with the state left ACTIVE; an ACK sets LOADED.
     *
     * @param acked the spawned kernel's answer, which the host cannot predict
     * @return the result, and whether the spawned kernel parked
     */
    public static int multikernel_halt_by_id(Host h, int id, boolean acked) {
        MkInstance i = mk_instance_find(h, id);
        if (i == null) {
            return Errno.ENOENT.negative();
        }
        try {
            if (i.state != InstanceState.ACTIVE) {
                return Errno.EINVAL.negative();
            }
            if (!acked) {
                return Errno.ETIMEDOUT.negative();
            }
            mk_instance_set_state(i, InstanceState.LOADED);
            return 0;
        } finally {
            mk_instance_put(h, i.serial);
        }
    }

    /**
     * multikernel_force_halt_by_id(id) for a child: -ENOENT; -EINVAL unless ACTIVE or LOADED; -EINVAL without CPUs;
     * NMIs to its CPUs, then LOADED without waiting.
     */
    public static int multikernel_force_halt_by_id(Host h, int id) {
        MkInstance i = mk_instance_find(h, id);
        if (i == null) {
            return Errno.ENOENT.negative();
        }
        try {
            if (i.state != InstanceState.ACTIVE && i.state != InstanceState.LOADED) {
                return Errno.EINVAL.negative();
            }
            if (i.cpus.isEmpty()) {
                return Errno.EINVAL.negative();
            }
            mk_instance_set_state(i, InstanceState.LOADED);
            return 0;
        } finally {
            mk_instance_put(h, i.serial);
        }
    }

    /**
     * mk_halted_work_fn(): a spawned kernel's MK_SYS_HALTED for {@code id} sets LOADED with no state check (N18);
     * fixed, only an ACTIVE instance with an image whose CPUs are all parked (mk_instance_confirm_parked) becomes
     * LOADED, so that a message that arrives after a new exec cannot mark the new kernel halted.
     */
    public static void mk_halted_work_fn(Host h, int id) {
        MkInstance i = mk_instance_find(h, id);
        if (i == null) {
            return;
        }
        boolean parked = h.running.stream().noneMatch(s -> s.instance() == i.serial);
        if (h.has(Mk2Erratum.N18) || (i.state == InstanceState.ACTIVE && i.kimage != 0 && parked)) {
            mk_instance_set_state(i, InstanceState.LOADED);
        }
        mk_instance_put(h, i.serial);
    }
}
