package mkspec.reference.kernel.multikernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import mkspec.reference.lib.GenPool;

/**
 * struct mk_instance of include/linux/multikernel.h [P08, P09]: one multikernel instance, its
 * memory (a per-instance gen_pool over chunks of the global pool), its CPUs, its per-instance DTB
 * and the kimage loaded for it.
 *
 * <p>Fields are package-visible and mutable, as in the C struct; the kexec side reaches them
 * through accessors. {@code freed} marks a struct that mk_instance_release() has kfree()d, so a
 * stale pointer to it is visible as such instead of silently working.
 */
public final class MkInstance {
    /** One mk_memory_region: a chunk of the instance pool, as a resource [start, end]. */
    public record Region(long start, long end) {
        public long size() {
            return end - start + 1;
        }
    }

    int id;
    String name;
    InstanceState state;
    final List<Region> memoryRegions = new ArrayList<>();
    GenPool instancePool;
    long poolSize;
    BitSet cpus = new BitSet();
    boolean cpusValid;
    byte[] dtbData;
    int dtbHash;
    int dtbSize;
    /** instance->kimage: an opaque reference to the kexec side's struct kimage. */
    Object kimage;
    /** Whether instances/<name>/ exists in kernfs. */
    boolean kernfsDir;
    int refcount;
    boolean freed;

    MkInstance() {
    }

    /** A field-by-field copy; references to other structs are fixed up by the copier. */
    MkInstance copyShallow() {
        MkInstance c = new MkInstance();
        c.id = id;
        c.name = name;
        c.state = state;
        c.memoryRegions.addAll(memoryRegions);
        c.instancePool = instancePool == null ? null : instancePool.copy();
        c.poolSize = poolSize;
        c.cpus = (BitSet) cpus.clone();
        c.cpusValid = cpusValid;
        c.dtbData = dtbData; // never written after creation
        c.dtbHash = dtbHash;
        c.dtbSize = dtbSize;
        c.kimage = kimage;
        c.kernfsDir = kernfsDir;
        c.refcount = refcount;
        c.freed = freed;
        return c;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public InstanceState state() {
        return state;
    }

    public void setState(InstanceState s) {
        // mk_instance_set_state(): no lock, no check of the transition, as in [P08].
        this.state = s;
    }

    public List<Region> memoryRegions() {
        return java.util.Collections.unmodifiableList(memoryRegions);
    }

    public GenPool instancePool() {
        return instancePool;
    }

    public long poolSize() {
        return poolSize;
    }

    public BitSet cpus() {
        return (BitSet) cpus.clone();
    }

    public boolean cpusValid() {
        return cpusValid;
    }

    public byte[] dtbData() {
        return dtbData == null ? null : dtbData.clone();
    }

    public int dtbSize() {
        return dtbSize;
    }

    public Object kimage() {
        return kimage;
    }

    public void setKimage(Object image) {
        this.kimage = image;
    }

    public int refcount() {
        return refcount;
    }

    public boolean freed() {
        return freed;
    }

    /** The bytes this instance's memory covers (the instance pool's size, or 0 without one). */
    public long memoryBytes() {
        long s = 0;
        for (Region r : memoryRegions) {
            s += r.size();
        }
        return s;
    }

    /** Whether {@code [addr, addr+size)} lies inside one of this instance's regions. */
    public boolean covers(long addr, long size) {
        for (Region r : memoryRegions) {
            if (addr >= r.start() && addr + size - 1 <= r.end()) {
                return true;
            }
        }
        return false;
    }
}
