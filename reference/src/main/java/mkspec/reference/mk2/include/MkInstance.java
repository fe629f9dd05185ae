package mkspec.reference.mk2.include;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.lib.GenPool;

/** struct mk_instance ([MH14]), the fields the modelled paths read and write. */
public final class MkInstance {
    /** struct mk_memory_region: a resource, and the instance-pool chunk it is (null for a memory-add region). */
    public record MemoryRegion(long base, long size, boolean chunk) {
    }

    /** The record's identity in the model: creation order, from 1. */
    public final int serial;
    public final String name;
    public int id;
    public InstanceState state;
    public int refcount;
    /** Whether instances/&lt;name&gt; exists. */
    public boolean kn;
    /** Whether the record is in mk_instance_idr and mk_instance_list. */
    public boolean published;
    /** instance->cpus, in order; the first is the boot CPU. */
    public final List<Long> cpus;
    public final List<MemoryRegion> memoryRegions;
    /** instance->instance_pool, or null when no memory was requested. */
    public GenPool instancePool;
    /** instance->kimage: the serial of the image it points at, 0 for NULL. */
    public int kimage;
    /** instance->host_tree: the user's multikernel,host-tree as its own packed tree ([DT14] mk_dt_store_host_tree). */
    public byte[] hostTree;
    /** instance->ipi_phys: the IPI ring exec pointed the record at (its image's), 0 when ipi_data is NULL. */
    public long ipiPhys;

    public MkInstance(int serial, String name) {
        this.serial = serial;
        this.name = name;
        this.state = InstanceState.READY;
        this.refcount = 1;
        this.cpus = new ArrayList<>();
        this.memoryRegions = new ArrayList<>();
    }

    private MkInstance(MkInstance o) {
        this.serial = o.serial;
        this.name = o.name;
        this.id = o.id;
        this.state = o.state;
        this.refcount = o.refcount;
        this.kn = o.kn;
        this.published = o.published;
        this.cpus = new ArrayList<>(o.cpus);
        this.memoryRegions = new ArrayList<>(o.memoryRegions);
        this.instancePool = o.instancePool == null ? null : o.instancePool.copy();
        this.kimage = o.kimage;
        this.hostTree = o.hostTree;
        this.ipiPhys = o.ipiPhys;
    }

    public MkInstance copy() {
        return new MkInstance(this);
    }
}
