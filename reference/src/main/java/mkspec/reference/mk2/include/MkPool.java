package mkspec.reference.mk2.include;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import mkspec.reference.lib.GenPool;

/**
 * struct mk_pool ([MH14]): the runtime pool a baseline creates. One NUMA node: {@code node_pools[0]} is the only gen_pool,
 * so the model loses the node routing of [ME] multikernel_alloc and the "global avail passes, node-local allocation
 * fails" case of [ME] multikernel_create_instance_pool.
 */
public final class MkPool {
    /** One mk_pool_chunk: a contiguous range mk_pool_mem_grow took from the buddy allocator. */
    public record Chunk(long base, long size) {
    }

    /** mk_pool->cpus: the free pool CPUs, offlined and parked. */
    public final BitSet cpus;
    /** mk_pool->chunks, in the order they were grown. */
    public final List<Chunk> chunks;
    /** mk_pool->node_pools[0], created with the first chunk. */
    public GenPool nodePool;

    public MkPool() {
        this.cpus = new BitSet();
        this.chunks = new ArrayList<>();
    }

    private MkPool(MkPool o) {
        this.cpus = (BitSet) o.cpus.clone();
        this.chunks = new ArrayList<>(o.chunks);
        this.nodePool = o.nodePool == null ? null : o.nodePool.copy();
    }

    public MkPool copy() {
        return new MkPool(this);
    }

    /** The node pool, or null before the first chunk. */
    public GenPool nodePool() {
        return nodePool;
    }
}
