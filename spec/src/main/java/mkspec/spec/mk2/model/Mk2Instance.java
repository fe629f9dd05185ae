package mkspec.spec.mk2.model;

import java.util.List;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Fp;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;

/**
 * One {@code struct mk_instance} of the host ([MH14]).
 *
 * @param serial the record's identity, in creation order from 1: names and ids can be reused, records cannot
 * @param name the instance name ({@code instances/<name>})
 * @param id its idr id
 * @param state READY, LOADED or ACTIVE ([MH14] enum mk_instance_state; EMPTY and FAILED are never assigned)
 * @param published whether the record is in {@code mk_instance_idr} and {@code mk_instance_list}
 * @param kn whether its kernfs directory exists
 * @param refs its kref count
 * @param cpus its CPU set ({@code instance->cpus}), in physical ids
 * @param regions its memory regions ({@code memory_regions}), in list order
 * @param poolChunks the pages of its {@code instance_pool}'s chunks: where kexec places segments
 * @param used the pages of its {@code instance_pool} that gen_pool allocations hold
 * @param kimage the serial of the image {@code instance->kimage} points at, 0 for none; it may name an image
 *     already freed
 * @param hostTreeBytes the {@code cpus} bytes of the user's {@code multikernel,host-tree} the record keeps
 *     ({@code instance->host_tree}, [DT14] mk_dt_store_host_tree), 0 for none: every manifest of the instance
 *     carries it
 */
public record Mk2Instance(int serial, String name, int id, Mk2Lifecycle state, boolean published, boolean kn,
                          int refs, CpuSet cpus, List<Region> regions, RangeSet poolChunks, RangeSet used,
                          int kimage, long hostTreeBytes) {

    public Mk2Instance {
        regions = List.copyOf(regions);
    }

    /**
     * One {@code struct mk_memory_region}.
     *
     * @param pages the pages of its resource
     * @param inPool whether it was made a chunk of the instance's {@code instance_pool} (create-time regions are;
     *     regions a memory-add overlay gave are not, [HP14] mk_send_mem_add)
     */
    public record Region(Range pages, boolean inPool) {
    }

    /** Names longer than this that repeat one character are shown {@code c*N}, so that a label stays one line. */
    public static final int LONG_NAME = 64;

    /** A name as labels and messages show it: {@code b*11000} for a name of 11000 'b's, the name itself otherwise. */
    public static String shownName(String n) {
        if (n.length() > LONG_NAME && n.chars().allMatch(ch -> ch == n.charAt(0))) {
            return n.charAt(0) + "*" + n.length();
        }
        return n;
    }

    /** The pages of every region. */
    public RangeSet memory() {
        RangeSet s = RangeSet.EMPTY;
        for (Region r : regions) {
            s = s.union(r.pages());
        }
        return s;
    }

    public Mk2Instance withState(Mk2Lifecycle s) {
        return new Mk2Instance(serial, name, id, s, published, kn, refs, cpus, regions, poolChunks, used, kimage, hostTreeBytes);
    }

    public Mk2Instance withRefs(int r) {
        return new Mk2Instance(serial, name, id, state, published, kn, r, cpus, regions, poolChunks, used, kimage, hostTreeBytes);
    }

    public Mk2Instance withKimage(int k) {
        return new Mk2Instance(serial, name, id, state, published, kn, refs, cpus, regions, poolChunks, used, k, hostTreeBytes);
    }

    public Mk2Instance withUsed(RangeSet u) {
        return new Mk2Instance(serial, name, id, state, published, kn, refs, cpus, regions, poolChunks, u, kimage, hostTreeBytes);
    }

    public Mk2Instance withRegions(List<Region> r) {
        return new Mk2Instance(serial, name, id, state, published, kn, refs, cpus, r, poolChunks, used, kimage, hostTreeBytes);
    }

    public Mk2Instance withCpus(CpuSet c) {
        return new Mk2Instance(serial, name, id, state, published, kn, refs, c, regions, poolChunks, used, kimage, hostTreeBytes);
    }

    /** The record taken out of the idr, the list and kernfs ({@code mk_instance_destroy}). */
    public Mk2Instance unpublished() {
        return new Mk2Instance(serial, name, id, state, false, false, refs, cpus, regions, poolChunks, used, kimage, hostTreeBytes);
    }

    long fingerprint(long h) {
        h = Fp.mix(Fp.mix(Fp.mix(h, serial), name), id);
        h = Fp.mix(h, state.ordinal() * 4L + (published ? 2 : 0) + (kn ? 1 : 0));
        h = Fp.mix(Fp.mix(h, refs), kimage);
        h = cpus.fingerprint(h);
        for (Region r : regions) {
            h = Fp.mix(Fp.mix(Fp.mix(h, r.pages().first()), r.pages().count()), r.inPool() ? 1 : 0);
        }
        return Fp.mix(used.fingerprint(poolChunks.fingerprint(h)), hostTreeBytes);
    }
}
