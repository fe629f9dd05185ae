package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.lib.GenPool;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.MkPool;
import mkspec.reference.mk2.include.OverlayTx;
import mkspec.reference.mk2.include.Spawn;
import mkspec.reference.mk2.kernel.KexecFile;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.spec.mk2.model.Mk2Image;
import mkspec.spec.mk2.model.Mk2Instance;
import mkspec.spec.mk2.model.Mk2Lifecycle;
import mkspec.spec.mk2.model.Mk2Manifest;
import mkspec.spec.mk2.model.Mk2Restored;
import mkspec.spec.mk2.model.Mk2Spawn;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.mk2.model.Mk2Tx;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;

/**
 * The abstraction function of mk2: the reference's kernel memory seen as the spec's state, in pages and CPU numbers.
 * It reads; it never changes the machine.
 */
public final class Mk2Abstraction {
    private Mk2Abstraction() {
    }

    /** The spec's state of machine {@code m}. */
    public static Mk2State of(Mk2Machine m) {
        Host h = m.host();
        int shift = h.pageShift;
        RangeSet chunks = RangeSet.EMPTY;
        RangeSet free = RangeSet.EMPTY;
        CpuSet freeCpus = CpuSet.EMPTY;
        long poolPages = 0;
        if (h.pool != null) {
            for (MkPool.Chunk c : h.pool.chunks) {
                chunks = chunks.union(range(c.base(), c.size(), shift));
                poolPages += c.size() >> shift;
            }
            free = runs(h.pool.nodePool(), false, h.pageSize, shift);
            freeCpus = CpuSet.of(h.pool.cpus);
        }
        List<Mk2Instance> instances = new ArrayList<>();
        for (MkInstance i : h.records.values()) {
            instances.add(instance(i, shift, h.pageSize));
        }
        List<Mk2Image> images = new ArrayList<>();
        for (KImage k : h.images.values()) {
            Mk2Image img = image(h, k);
            images.add(img);
        }
        List<Mk2Tx> txs = new ArrayList<>();
        for (OverlayTx t : h.txs) {
            txs.add(tx(t, shift));
        }
        List<Mk2Spawn> spawns = new ArrayList<>();
        for (Spawn s : h.running) {
            RangeSet mem = RangeSet.EMPTY;
            for (MkInstance.MemoryRegion r : s.memory()) {
                mem = mem.union(range(r.base(), r.size(), shift));
            }
            Optional<Mk2Restored> self = s.restored() == null ? Optional.empty() : Optional.of(new Mk2Restored(
                s.restored().id(), s.restored().name(), cpus(s.restored().cpus()), s.selfAlive()));
            spawns.add(new Mk2Spawn(s.instance(), s.id(), s.image(), cpus(s.cpus()), mem, s.name(),
                manifest(s.told(), shift), self));
        }
        long hostPages = h.pages.allocated() - poolPages;
        Optional<String> bug = m.crashed() == null ? Optional.empty() : Optional.of(m.crashed().site());
        return new Mk2State(h.pool != null, chunks, free, freeCpus, CpuSet.of(h.online), instances, images, txs,
            h.overlayNextId + 1, hostPages, spawns, h.pendingHalted, bug).normalized();
    }

    private static Range range(long base, long size, int shift) {
        return new Range(base >> shift, size >> shift);
    }

    private static RangeSet runs(GenPool pool, boolean allocated, long unit, int shift) {
        if (pool == null) {
            return RangeSet.EMPTY;
        }
        List<Range> out = new ArrayList<>();
        for (GenPool.Chunk c : pool.chunks()) {
            c.forEachRun(allocated, unit, (addr, size) -> out.add(range(addr, size, shift)));
        }
        RangeSet s = RangeSet.EMPTY;
        for (Range r : out) {
            s = s.union(r);
        }
        return s;
    }

    private static CpuSet cpus(List<Long> cpus) {
        CpuSet s = CpuSet.EMPTY;
        for (long c : cpus) {
            s = s.with((int) c);
        }
        return s;
    }

    private static Mk2Instance instance(MkInstance i, int shift, long pageSize) {
        List<Mk2Instance.Region> regions = new ArrayList<>();
        for (MkInstance.MemoryRegion r : i.memoryRegions) {
            regions.add(new Mk2Instance.Region(range(r.base(), r.size(), shift), r.chunk()));
        }
        RangeSet poolChunks = RangeSet.EMPTY;
        if (i.instancePool != null) {
            for (GenPool.Chunk c : i.instancePool.chunks()) {
                poolChunks = poolChunks.union(range(c.startAddr(), c.size(), shift));
            }
        }
        return new Mk2Instance(i.serial, i.name, i.id, state(i), i.published, i.kn, i.refcount, cpus(i.cpus), regions,
            poolChunks, runs(i.instancePool, true, pageSize, shift), i.kimage, hostTreeBytes(i.hostTree));
    }

    /** The {@code cpus} bytes of a kept host tree ([DT14] mk_dt_store_host_tree), 0 for none. */
    private static long hostTreeBytes(byte[] tree) {
        if (tree == null) {
            return 0;
        }
        int[] len = new int[1];
        return FdtRo.fdt_getprop(FdtView.of(tree), 0, "cpus", len) == FdtRo.NULL ? 0 : len[0];
    }

    /** What a manifest tells its spawned kernel ({@code Manifest.told}), in pages. */
    static Mk2Manifest manifest(Spawn.Told t, int shift) {
        switch (t.kind()) {
            case UNFINISHED:
                return new Mk2Manifest.Unfinished();
            case MALFORMED:
                return new Mk2Manifest.Malformed();
            default:
                return new Mk2Manifest.Told(t.id(), t.name(), cpus(t.cpus()), t.memoryBase() >> shift,
                    t.memoryBytes() >> shift);
        }
    }

    private static Mk2Lifecycle state(MkInstance i) {
        switch (i.state) {
            case LOADED:
                return Mk2Lifecycle.LOADED;
            case ACTIVE:
                return Mk2Lifecycle.ACTIVE;
            default:
                return Mk2Lifecycle.READY;
        }
    }

    private static Mk2Image image(Host h, KImage k) {
        RangeSet segs = RangeSet.EMPTY;
        for (KImage.Segment s : k.segments) {
            segs = segs.union(range(s.mem(), s.memsz(), h.pageShift));
        }
        long pages = k.controlPages.size() + k.crashPages.size();
        if (k.manifest >= 0) {
            pages += 1L << KexecFile.manifestOrder(h);
        }
        if (k.ipiRing >= 0) {
            pages += 1L << KexecFile.IPI_RING_ORDER;
        }
        return new Mk2Image(k.serial, k.mkInstance, k.type == KImage.Type.CRASH, k.onList, segs, pages);
    }

    private static Mk2Tx tx(OverlayTx t, int shift) {
        List<Mk2Tx.Effect> effects = new ArrayList<>();
        for (OverlayTx.Ran r : t.ran()) {
            switch (r.op()) {
                case "instance-create":
                    effects.add(new Mk2Tx.Effect.Created(r.serial()));
                    break;
                case "instance-remove":
                    effects.add(new Mk2Tx.Effect.Removed());
                    break;
                case "memory-add":
                    effects.add(new Mk2Tx.Effect.RegionAdded(r.serial(), range(r.base(), r.size(), shift)));
                    break;
                default:
                    effects.add(new Mk2Tx.Effect.RegionRemoved(r.serial(), range(r.base(), r.size(), shift)));
                    break;
            }
        }
        return new Mk2Tx(t.id, t.applied, effects);
    }
}
