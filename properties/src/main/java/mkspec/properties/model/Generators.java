package mkspec.properties.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.properties.runner.Gen;
import mkspec.spec.action.DtbSizes;
import mkspec.spec.model.Instance;
import mkspec.spec.model.Spawned;
import mkspec.traces.format.DeviceTreeSource;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.LoadFailPoint;
import mkspec.traces.format.LoadTarget;
import mkspec.traces.format.Position;
import mkspec.traces.format.RebootFailPoint;
import mkspec.traces.format.SegmentSpec;
import mkspec.traces.format.Step;
import mkspec.refinement.EdgeDtbs;

/**
 * Generators of trace steps at realistic sizes, with the edge cases that matter mixed in: id 1,
 * 2047 and 2048, zero and unaligned memory, one page, exactly the pool, CPU 0 and shared CPUs,
 * duplicate names and ids, a DTB one byte under and over what fits the handover page, an id of
 * two bytes.
 *
 * <p>Draws are arranged so that the smallest draw is the simplest value, which is what the
 * runner's shrinking lowers towards.
 */
public final class Generators {
    private final long pageSize;
    private final int cpus;
    private final long poolSize;

    static final List<String> NAMES = List.of("web", "db", "cache", "batch", "gpu", "edge");

    public Generators(long pageSize, int cpus, long poolSize) {
        this.pageSize = pageSize;
        this.cpus = cpus;
        this.poolSize = poolSize;
    }

    private static final Position AT = Position.UNKNOWN;

    /** An instance ID as a node carries it: small ones mostly, and the encoding's edges. */
    Gen<Long> id() {
        return Gen.longs(1, 6).withEdgeCases(0.2, List.of(1L, 2047L, 2048L, 2049L, 0L, 0xffff_ffffL));
    }

    /** memory-bytes: pages up to 64 MiB, and zero, one page, unaligned, 256 KiB, 1 MiB, the pool, more. */
    Gen<Long> memory() {
        return Gen.longs(1, (64L << 20) / pageSize).map(n -> n * pageSize)
            .withEdgeCases(0.3, List.of(pageSize, 2L << 20, 0L, pageSize + 1, 256L << 10, 1L << 20, poolSize, poolSize + pageSize));
    }

    Gen<List<Integer>> cpuList() {
        return Gen.listOf(Gen.ints(1, cpus - 1), 1, 3).withEdgeCases(0.1, List.of(List.of(0), List.of(), List.of(1, 2)));
    }

    /** One /instances node; each field is left out now and then. */
    Gen<InstanceSpec> instance() {
        return source -> new InstanceSpec(
            maybe(Gen.oneOf(NAMES)).generate(source),
            maybe(id()).generate(source),
            maybe(cpuList()).generate(source),
            maybe(memory()).generate(source));
    }

    private static <T> Gen<Optional<T>> maybe(Gen<T> g) {
        return Gen.frequency(Gen.weighted(19, g.map(Optional::of)), Gen.weighted(1, Gen.constant(Optional.<T>empty())));
    }

    /**
     * An upload: one to three nodes, sometimes in small write() calls, sometimes a near-page DTB, a two-byte id, or
     * a property whose name libfdt cannot find.
     */
    public Gen<Step> upload() {
        Gen<Step> list = source -> {
            List<InstanceSpec> is = Gen.listOf(instance(), 1, 3).generate(source);
            Optional<Long> chunk = Gen.frequency(Gen.weighted(9, Gen.constant(Optional.<Long>empty())),
                Gen.weighted(1, Gen.oneOf(64L, 4096L, 1000L).map(Optional::of))).generate(source);
            return new Step.UploadDeviceTree(new DeviceTreeSource.Instances(is), chunk, Optional.empty(), AT);
        };
        Gen<Step> nearPage = source -> {
            long id = id().generate(source);
            int cpu = Gen.ints(1, cpus - 1).generate(source);
            long mem = memory().generate(source);
            // per-instance DTB of exactly what fits with the handover overhead, or one byte more
            int size = (int) (pageSize - DtbSizes.HANDOVER_OVERHEAD) + Gen.ints(0, 1).generate(source);
            byte[] dtb = EdgeDtbs.instanceOfSize("big", id, cpu, mem, size);
            return new Step.UploadDeviceTree(new DeviceTreeSource.Dtb(dtb), Optional.empty(), Optional.empty(), AT);
        };
        Gen<Step> shortId = source -> {
            int cpu = Gen.ints(1, cpus - 1).generate(source);
            long mem = memory().generate(source);
            byte[] dtb = EdgeDtbs.shortId(Gen.oneOf(NAMES).generate(source), cpu, mem);
            return new Step.UploadDeviceTree(new DeviceTreeSource.Dtb(dtb), Optional.empty(), Optional.empty(), AT);
        };
        Gen<Step> badName = source -> {
            byte[] dtb = EdgeDtbs.badName(Gen.oneOf(NAMES).generate(source), id().generate(source));
            return new Step.UploadDeviceTree(new DeviceTreeSource.Dtb(dtb), Optional.empty(), Optional.empty(), AT);
        };
        return Gen.frequency(Gen.weighted(12, list), Gen.weighted(1, nearPage), Gen.weighted(1, shortId),
            Gen.weighted(1, badName));
    }

    /** The ids of the registered instances, or 1. */
    static List<Long> ids(Session s) {
        List<Long> out = new ArrayList<>();
        for (Instance i : s.state().instances()) {
            out.add(Integer.toUnsignedLong(i.id()));
        }
        return out.isEmpty() ? List.of(1L) : out;
    }

    /** The registered names a trace can write (an empty or odd node name is not one). */
    static List<String> names(Session s) {
        List<String> out = new ArrayList<>();
        for (Instance i : s.state().instances()) {
            if (mkspec.traces.format.Names.isValid(i.name())) {
                out.add(i.name());
            }
        }
        return out.isEmpty() ? List.of("web") : out;
    }

    Gen<SegmentSpec> segment() {
        Gen<Long> size = Gen.longs(1, (16L << 20) / pageSize).map(n -> n * pageSize)
            .withEdgeCases(0.3, List.of(pageSize, 1L << 20, 2L << 20, 8L << 10, 64L << 20));
        Gen<Optional<Long>> align = Gen.frequency(Gen.weighted(8, Gen.constant(Optional.<Long>empty())),
            Gen.weighted(1, Gen.oneOf(2L << 20, 1L << 20, 64L << 10).map(Optional::of)));
        return source -> new SegmentSpec(size.generate(source), align.generate(source), Optional.empty(), Optional.empty());
    }

    /** A multikernel load of a registered id (mostly), with zero to four segments. */
    public Gen<Step> load(Session s) {
        Gen<Long> target = Gen.oneOf(ids(s)).withEdgeCases(0.1, List.of(2047L, 2048L, 0L, 9L));
        Gen<Optional<LoadFailPoint>> fail = Gen.frequency(Gen.weighted(12, Gen.constant(Optional.<LoadFailPoint>empty())),
            Gen.weighted(1, Gen.oneOf(LoadFailPoint.values()).map(Optional::of)));
        return source -> new Step.KexecFileLoad(new LoadTarget.ById(target.generate(source)),
            Gen.listOf(segment(), 0, 4).generate(source), fail.generate(source), Optional.empty(), AT);
    }

    public Gen<Step> loadDefault() {
        return source -> new Step.KexecFileLoadDefault(Gen.listOf(segment(), 1, 3).generate(source), Optional.empty(), AT);
    }

    public Gen<Step> unload(Session s) {
        Gen<Optional<Long>> id = Gen.frequency(Gen.weighted(4, Gen.oneOf(ids(s)).map(Optional::of)),
            Gen.weighted(1, Gen.constant(Optional.<Long>empty())));
        return source -> new Step.KexecFileUnload(id.generate(source), Optional.empty(), AT);
    }

    public Gen<Step> reboot(Session s) {
        Gen<Optional<RebootFailPoint>> fail = Gen.frequency(Gen.weighted(20, Gen.constant(Optional.<RebootFailPoint>empty())),
            Gen.weighted(1, Gen.oneOf(RebootFailPoint.values()).map(Optional::of)));
        Gen<Boolean> bad = Gen.frequency(Gen.weighted(30, Gen.constant(false)), Gen.weighted(1, Gen.constant(true)));
        return source -> new Step.RebootMultikernel(Gen.oneOf(ids(s)).generate(source), bad.generate(source),
            fail.generate(source), Optional.empty(), AT);
    }

    public Gen<Step> boot(Session s) {
        List<Long> started = new ArrayList<>();
        for (Spawned k : s.state().spawned()) {
            started.add((long) k.mkId());
        }
        return Gen.oneOf(started.isEmpty() ? ids(s) : started).map(id -> (Step) new Step.SpawnedBoot(id, Optional.empty(), AT));
    }

    public Gen<Step> rmdir(Session s) {
        return Gen.oneOf(names(s)).withEdgeCases(0.1, List.of("nosuch"))
            .map(n -> (Step) new Step.Rmdir(n, Optional.empty(), AT));
    }

    public Gen<Step> mkdir() {
        return Gen.oneOf(NAMES).map(n -> (Step) new Step.Mkdir(n, Optional.empty(), AT));
    }
}
