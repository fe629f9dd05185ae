package mkspec.reference.mk2.kernel.multikernel;

import mkspec.reference.Errno;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.Spawn;

/**
 * kernel/multikernel/hotplug.c [HP14@14213ee5]: memory moved to or from an instance by an overlay. A non-running
 * instance's records change on the host alone; a running one is told by IPI, and its spawned kernel hot-adds or
 * hot-removes the range ([HP14] mk_do_mem_add, which refuses a range not aligned to a memory block).
 */
public final class Hotplug {
    private Hotplug() {
    }

    /** The memory block, in pages, a spawned kernel hot-plugs by: 128 MiB on x86-64, scaled to the model's RAM. */
    public static final long MEMORY_BLOCK_PAGES = 4;

    /** The spawned kernel that runs for {@code inst}, or null. */
    private static Spawn spawnOf(Host h, MkInstance inst) {
        if (inst.state != InstanceState.ACTIVE) {
            return null;
        }
        for (Spawn s : h.running) {
            if (s.instance() == inst.serial) {
                return s;
            }
        }
        return null;
    }

    private static boolean blockAligned(Host h, long base, long size) {
        long block = MEMORY_BLOCK_PAGES * h.pageSize;
        return base % block == 0 && size % block == 0 && size != 0;
    }

    /**
     * mk_send_mem_add(instance, base, size): the host books a fresh range of the pool, whatever {@code base} says;
     * a running instance's spawned kernel is told to hot-add the user's {@code [base, size)} (N13), fixed the booked
     * range.
     */
    public static int mk_send_mem_add(Host h, MkInstance inst, long base, long size) {
        Spawn s = spawnOf(h, inst);
        if (s != null && !blockAligned(h, base, size)) {
            return Errno.EINVAL.negative();
        }
        int ret = Mem.mk_instance_add_memory_region(h, inst, size);
        if (ret != 0 || s == null) {
            return ret;
        }
        MkInstance.MemoryRegion booked = inst.memoryRegions.get(inst.memoryRegions.size() - 1);
        MkInstance.MemoryRegion told = h.has(Mk2Erratum.N13) ? new MkInstance.MemoryRegion(base, size, false) : booked;
        java.util.List<MkInstance.MemoryRegion> memory = new java.util.ArrayList<>(s.memory());
        memory.add(told);
        h.running.set(h.running.indexOf(s), s.withMemory(memory));
        return 0;
    }

    /**
     * mk_send_mem_remove(instance, base, size): a running instance's spawned kernel hot-removes the range first; then
     * the host removes the exactly matching region ([ME] mk_instance_remove_memory_region).
     */
    public static int mk_send_mem_remove(Host h, MkInstance inst, long base, long size) {
        Spawn s = spawnOf(h, inst);
        if (s != null && !blockAligned(h, base, size)) {
            return Errno.EINVAL.negative();
        }
        int ret = Mem.mk_instance_remove_memory_region(h, inst, base, size);
        if (ret != 0 || s == null) {
            return ret;
        }
        java.util.List<MkInstance.MemoryRegion> memory = new java.util.ArrayList<>(s.memory());
        memory.removeIf(r -> r.base() == base && r.size() == size);
        h.running.set(h.running.indexOf(s), s.withMemory(memory));
        return 0;
    }
}
