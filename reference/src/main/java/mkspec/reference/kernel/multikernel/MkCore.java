package mkspec.reference.kernel.multikernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mkspec.reference.Cpus;
import mkspec.reference.Errno;
import mkspec.reference.Mix;
import mkspec.reference.StructNames;
import mkspec.reference.kernel.multikernel.MultikernelPool;
import mkspec.reference.lib.GenPool;

/**
 * The instance registry and resource management of kernel/multikernel/core.c [P08]:
 * mk_instance_list, mk_instance_idr, mk_instance_find(), the reference counting, and
 * mk_instance_reserve_resources()/mk_instance_free_memory().
 */
public final class MkCore {
    final MultikernelPool pool;
    final Cpus cpus;
    final int pageShift;
    /** mk_instance_list, in list_add_tail() order. */
    final List<MkInstance> list = new ArrayList<>();
    /** mk_instance_idr: id to instance. */
    final TreeMap<Integer, MkInstance> idr = new TreeMap<>();

    public MkCore(MultikernelPool pool, Cpus cpus, int pageShift) {
        this.pool = pool;
        this.cpus = cpus;
        this.pageShift = pageShift;
    }

    /**
     * A deep copy. {@code structs} maps every instance struct of this core to its copy, so the
     * kexec side can re-point its references; {@code reachable} lists instance structs the
     * caller holds that may no longer be registered here (a kimage's reference, for instance).
     */
    public MkCore copy(MultikernelPool poolCopy, Cpus cpusCopy, List<MkInstance> reachable,
                       Map<MkInstance, MkInstance> structs) {
        MkCore c = new MkCore(poolCopy, cpusCopy, pageShift);
        for (MkInstance i : list) {
            c.list.add(structs.computeIfAbsent(i, MkInstance::copyShallow));
        }
        for (Map.Entry<Integer, MkInstance> e : idr.entrySet()) {
            c.idr.put(e.getKey(), structs.computeIfAbsent(e.getValue(), MkInstance::copyShallow));
        }
        for (MkInstance i : reachable) {
            structs.computeIfAbsent(i, MkInstance::copyShallow);
        }
        return c;
    }

    /** A fresh identity map for {@link #copy}. */
    public static Map<MkInstance, MkInstance> newStructMap() {
        return new IdentityHashMap<>();
    }

    public MultikernelPool pool() {
        return pool;
    }

    public Cpus cpus() {
        return cpus;
    }

    /** The registered instances in list order. */
    public List<MkInstance> instances() {
        return Collections.unmodifiableList(list);
    }

    /** The idr's contents. */
    public Map<Integer, MkInstance> idr() {
        return Collections.unmodifiableMap(idr);
    }

    MkInstance kzalloc() {
        MkInstance i = new MkInstance();
        i.refcount = 1; // kref_init()
        return i;
    }

    /** mk_instance_find(): idr lookup plus a reference, or null. */
    public MkInstance mk_instance_find(int mkId) {
        MkInstance i = idr.get(mkId);
        if (i != null) {
            mk_instance_get(i);
        }
        return i;
    }

    /** mk_instance_find_by_name(): list lookup without a reference, or null. */
    public MkInstance mk_instance_find_by_name(String name) {
        for (MkInstance i : list) {
            if (i.name != null && i.name.equals(name)) {
                return i;
            }
        }
        return null;
    }

    /** mk_instance_get() */
    public MkInstance mk_instance_get(MkInstance i) {
        if (i != null) {
            i.refcount++;
        }
        return i;
    }

    /** mk_instance_put(): the last reference releases the struct and its memory. */
    public void mk_instance_put(MkInstance i) {
        if (i == null) {
            return;
        }
        i.refcount--;
        if (i.refcount == 0) {
            mk_instance_release(i);
        }
    }

    /** Takes the instance off mk_instance_list and out of the idr. */
    void unregister(MkInstance i) {
        list.remove(i);
        idr.remove(i.id, i);
    }

    /**
     * mk_instance_release(): returns the memory (destroying the instance pool, which BUG()s with
     * allocations outstanding: D6) and frees the struct. CPUs are not brought back online.
     */
    void mk_instance_release(MkInstance i) {
        mk_instance_free_memory(i);
        i.cpusValid = false;
        i.freed = true;
    }

    /**
     * mk_instance_reserve_resources(): memory first (an error here is returned), then CPUs (an error
     * there is only logged: "Continuing without CPU assignment"; the mask stays copied).
     */
    public int mk_instance_reserve_resources(MkInstance i, MkDts.Config config) {
        if (config == null || i == null) {
            return Errno.EINVAL.negative();
        }
        mk_instance_free_memory(i);
        int ret = mk_instance_reserve_memory(i, config);
        if (ret != 0) {
            return ret;
        }
        mk_instance_reserve_cpus(i, config);
        return 0;
    }

    /** mk_instance_reserve_memory(): no memory-bytes means no pool at all (D8). */
    int mk_instance_reserve_memory(MkInstance i, MkDts.Config config) {
        if (config.memorySize == 0) {
            return 0;
        }
        GenPool p = pool.multikernel_create_instance_pool(i.id, config.memorySize, pageShift);
        if (p == null) {
            return Errno.ENOMEM.negative();
        }
        i.instancePool = p;
        i.poolSize = config.memorySize;
        for (GenPool.Chunk chunk : p.chunks()) {
            i.memoryRegions.add(new MkInstance.Region(chunk.startAddr(), chunk.endAddr()));
        }
        return 0;
    }

    /** mk_instance_reserve_cpus(): copies the mask, then takes every online CPU of it offline. */
    int mk_instance_reserve_cpus(MkInstance i, MkDts.Config config) {
        if (!i.cpusValid) {
            return Errno.EINVAL.negative();
        }
        i.cpus = (BitSet) config.cpus.clone();
        int failed = 0;
        for (int cpu = i.cpus.nextSetBit(0); cpu >= 0; cpu = i.cpus.nextSetBit(cpu + 1)) {
            if (!cpus.cpu_online(cpu)) {
                continue;
            }
            if (cpus.remove_cpu(cpu) != 0) {
                failed++;
            }
        }
        return failed > 0 ? Errno.EBUSY.negative() : 0;
    }

    /** mk_instance_free_memory(): regions out of the resource tree, then the pool destroyed. */
    public void mk_instance_free_memory(MkInstance i) {
        if (i == null) {
            return;
        }
        i.memoryRegions.clear();
        if (i.instancePool != null) {
            GenPool p = i.instancePool;
            i.instancePool = null;
            i.poolSize = 0;
            pool.multikernel_destroy_instance_pool(p);
        }
    }

    /**
     * Undoes a creation completely: memory back to the global pool and CPUs back online. This is
     * the fixed profile's release path for a creation that fails late (D7 off).
     */
    void releaseReservation(MkInstance i, BitSet cpusTakenOffline) {
        mk_instance_free_memory(i);
        for (int cpu = cpusTakenOffline.nextSetBit(0); cpu >= 0; cpu = cpusTakenOffline.nextSetBit(cpu + 1)) {
            cpus.add_cpu(cpu);
        }
    }

    public long stateHash(long h, StructNames canon) {
        for (MkInstance i : list) {
            h = Mix.mix(h, canon.of(i));
        }
        for (Map.Entry<Integer, MkInstance> e : idr.entrySet()) {
            h = Mix.mix(h, e.getKey());
            h = Mix.mix(h, canon.of(e.getValue()));
        }
        return h;
    }

    /** A hash of one instance's own fields; references are folded by the caller. */
    public static long instanceHash(long h, MkInstance i) {
        h = Mix.mix(h, i.id);
        h = Mix.mix(h, i.name == null ? 0 : i.name.hashCode());
        h = Mix.mix(h, i.state.ordinal());
        for (MkInstance.Region r : i.memoryRegions) {
            h = Mix.mix(h, r.start());
            h = Mix.mix(h, r.end());
        }
        h = i.instancePool == null ? Mix.mix(h, 7) : i.instancePool.stateHash(h);
        for (int cpu = i.cpus.nextSetBit(0); cpu >= 0; cpu = i.cpus.nextSetBit(cpu + 1)) {
            h = Mix.mix(h, cpu);
        }
        h = Mix.mix(h, i.cpusValid ? 1 : 0);
        h = Mix.mix(h, i.dtbData == null ? 0 : i.dtbHash);
        h = Mix.mix(h, i.kernfsDir ? 1 : 0);
        h = Mix.mix(h, i.refcount);
        return Mix.mix(h, i.freed ? 1 : 0);
    }
}
