package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.multikernel.InstanceState;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.lib.GenPool;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.mm.HostMemory;
import mkspec.spec.action.DtbSizes;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Image;
import mkspec.spec.model.Instance;
import mkspec.spec.model.Lifecycle;
import mkspec.spec.model.MkState;
import mkspec.spec.model.PlainImage;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Spawned;

/**
 * The abstraction function: a reference machine seen as a specification state (the refinement
 * mapping, our {@code chosen}). It is built from one small function per kind of object, each
 * saying what it drops; what none of them keeps is what no invariant reads: bitmaps as bitmaps,
 * struct addresses and serials, reference counts, FDT bytes other than through the judgements
 * the handover invariants need.
 */
public final class Abstraction {
    private Abstraction() {
    }

    /** The platform constants of a machine. */
    public static Platform platform(MachineConfig c) {
        return Platform.of(c.pageSize(), c.cpus(), c.poolSize(), c.poolAddress(), c.ramStart(), c.ramEnd());
    }

    /** The abstract state of {@code m}. */
    public static MkState of(Machine m) {
        long page = m.config().pageSize();
        List<Instance> instances = new ArrayList<>();
        for (MkInstance i : m.core().instances()) {
            instances.add(instance(i, page));
        }
        return new MkState(poolFree(m), instances, plain(m, page), spawned(m, page), CpuSet.of(m.cpus().online()),
            m.rebootLockHeld(), Optional.ofNullable(m.fdtReads().describe()),
            m.crashed() == null ? Optional.empty() : Optional.of(m.crashed().site()), m.freedReads());
    }

    /** The global pool: its free pages. Drops the bitmap's layout and the chunk list (one chunk). */
    static RangeSet poolFree(Machine m) {
        GenPool p = m.pool().genPool();
        return p == null ? RangeSet.EMPTY : freePages(p, m.config().pageSize());
    }

    private static RangeSet freePages(GenPool p, long page) {
        RangeSet free = RangeSet.EMPTY;
        for (GenPool.Chunk c : p.chunks()) {
            free = free.union(pages(c, page, false));
        }
        return free;
    }

    /** The pages of chunk {@code c} whose allocation bit equals {@code allocated}. */
    private static RangeSet pages(GenPool.Chunk c, long page, boolean allocated) {
        RangeSet[] out = {RangeSet.EMPTY};
        c.forEachRun(allocated, page, (start, size) -> out[0] = out[0].union(new Range(start / page, size / page)));
        return out[0];
    }

    /**
     * An instance: name, id, state, CPUs, its chunks in search order and what its pool has handed
     * out, its DTB's size, its image. Drops the refcount, the kernfs node and the DTB's bytes.
     */
    static Instance instance(MkInstance i, long page) {
        List<Range> chunks = new ArrayList<>();
        RangeSet allocated = RangeSet.EMPTY;
        if (i.instancePool() != null) {
            for (GenPool.Chunk c : i.instancePool().chunks()) {
                chunks.add(new Range(c.startAddr() / page, c.size() / page));
                allocated = allocated.union(pages(c, page, true));
            }
        }
        Optional<Image> image = i.kimage() == null ? Optional.empty() : Optional.of(image((KImage) i.kimage(), page));
        return new Instance(i.name(), i.id(), lifecycle(i.state()), CpuSet.of(i.cpus()), chunks, allocated,
            i.dtbSize(), image);
    }

    static Lifecycle lifecycle(InstanceState s) {
        return Lifecycle.byText(s.text());
    }

    /**
     * A multikernel image: where its segments and control pages lie, and whether the struct is
     * still alive. Drops the handover page (its fate is judged per spawned kernel) and the flags.
     */
    static Image image(KImage k, long page) {
        List<Range> control = new ArrayList<>();
        for (KImage.ControlPages c : k.mkControlPages()) {
            control.add(new Range(c.addr() / page, c.size() / page));
        }
        return new Image(k.mkId(), segments(k, page), control, k.alive());
    }

    /** Where an image's segments lie, in pages, in load order. */
    private static List<Range> segments(KImage k, long page) {
        List<Range> segs = new ArrayList<>();
        for (KImage.Segment s : k.segments()) {
            segs.add(new Range(s.mem() / page, s.memsz() / page));
        }
        return segs;
    }

    /** The plain image in kexec_image: its destinations. A multikernel image there belongs to its instance. */
    static Optional<PlainImage> plain(Machine m, long page) {
        KImage k = m.kexec().kexecImage();
        if (k == null || k.isMultikernel()) {
            return Optional.empty();
        }
        return Optional.of(new PlainImage(segments(k, page)));
    }

    /**
     * A spawned kernel: whom it was started for, judgements of its handover at exec, and the fate of
     * its handover page until it booted. Drops the bytes themselves.
     */
    static List<Spawned> spawned(Machine m, long page) {
        List<Spawned> out = new ArrayList<>();
        HostMemory host = m.host();
        for (SpawnedKernel k : m.kho().spawned()) {
            SpawnedKernel.Identity w = k.startedFor();
            RangeSet memory = RangeSet.EMPTY;
            for (MkInstance.Region r : w.regions()) {
                memory = memory.union(new Range(r.start() / page, r.size() / page));
            }
            Spawned.Identity who = new Spawned.Identity(w.name(), w.id(), CpuSet.of(w.cpus()), w.memoryBytes(), memory);
            long dtbSize = k.instance() == null ? 0 : k.instance().dtbSize();
            Spawned.Handover handover = new Spawned.Handover(HandoverJudgement.wellFormed(k),
                DtbSizes.handover(dtbSize), k.handoverPhys() == 0 ? 0 : k.handoverTotalsize());
            Spawned.Boot boot;
            if (!k.booted()) {
                HostMemory.Page p = k.handoverPhys() == 0 ? null : host.page(k.handoverPhys());
                boolean held = p != null && p.refcount() > 0;
                boolean intact = k.handoverPhys() == 0 || host.holds(k.handoverPhys(), k.handoverAtExecRef(), k.handoverAtExecHash());
                boot = new Spawned.NotBooted(held, intact);
            } else {
                Optional<Spawned.Restored> restored = Optional.empty();
                if (k.restored() != null) {
                    SpawnedKernel.Restored r = k.restored();
                    restored = Optional.of(new Spawned.Restored(r.name(), r.id(), CpuSet.of(r.cpus()), r.memoryBytes(), r.visible()));
                }
                boot = new Spawned.Booted(k.readsIntact(), restored);
            }
            out.add(new Spawned(k.mkId(), who, k.cpu(), handover, boot));
        }
        return out;
    }
}
