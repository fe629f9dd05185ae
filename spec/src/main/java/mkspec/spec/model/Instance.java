package mkspec.spec.model;

import java.util.List;
import java.util.Optional;

/**
 * A multikernel instance registered on the host ([P08] struct mk_instance, in mk_instance_list
 * and the idr).
 *
 * @param name its node name and kernfs directory name
 * @param id its instance id (the node's {@code id})
 * @param state what its {@code status} file shows
 * @param cpus the logical CPUs it was given
 * @param chunks the chunks of its instance pool, by address (which chunk an allocation searches first is the
 *     allocator's choice, not the interface's)
 * @param allocated the pages of its chunks that its instance pool has handed out
 * @param dtbSize the size of its per-instance DTB (what the handover embeds)
 * @param image the image loaded for it, if any (possibly dangling: D1)
 * @param memory every page of its memory: the union of its chunks (kept, as every invariant reads it)
 */
public record Instance(String name, int id, Lifecycle state, CpuSet cpus, List<Range> chunks,
                       RangeSet allocated, long dtbSize, Optional<Image> image, RangeSet memory) {
    public Instance {
        List<Range> sorted = new java.util.ArrayList<>(chunks);
        sorted.sort(java.util.Comparator.comparingLong(Range::first));
        chunks = List.copyOf(sorted);
    }

    /** An instance whose memory is the union of {@code chunks}. */
    public Instance(String name, int id, Lifecycle state, CpuSet cpus, List<Range> chunks, RangeSet allocated,
                    long dtbSize, Optional<Image> image) {
        this(name, id, state, cpus, chunks, allocated, dtbSize, image, RangeSet.ofRanges(chunks));
    }

    /** Its memory in pages. */
    public long memoryPages() {
        long n = 0;
        for (Range r : chunks) {
            n += r.count();
        }
        return n;
    }

    public Instance withState(Lifecycle s) {
        return new Instance(name, id, s, cpus, chunks, allocated, dtbSize, image, memory);
    }

    public Instance withImage(Optional<Image> i, RangeSet alloc) {
        return new Instance(name, id, state, cpus, chunks, alloc, dtbSize, i, memory);
    }

    public long fingerprint(long h) {
        h = Fp.mix(h, name);
        h = Fp.mix(h, id);
        h = Fp.mix(h, state.ordinal());
        h = cpus.fingerprint(h);
        for (Range r : chunks) {
            h = Fp.mix(Fp.mix(h, r.first()), r.count());
        }
        h = allocated.fingerprint(h);
        h = Fp.mix(h, dtbSize);
        return image.isPresent() ? image.get().fingerprint(h) : Fp.mix(h, 0x1);
    }
}
