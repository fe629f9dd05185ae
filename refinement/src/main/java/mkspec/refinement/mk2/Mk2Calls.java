package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.kernel.KexecFile;
import mkspec.reference.mk2.kernel.Mk2FailPoint;
import mkspec.reference.mk2.kernel.multikernel.Core;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2LoadFault;
import mkspec.spec.mk2.action.Mk2Op;

/**
 * The concretization of the spec's mk2 actions: each becomes the system call a user makes, with the blob it writes,
 * run on a reference machine.
 */
public final class Mk2Calls {
    private Mk2Calls() {
    }

    /**
     * Starts {@code a} on thread {@code t} of {@code m}: a load or unload runs its first section
     * ({@link Mk2Machine#startKexecFileLoad}) and returns null when it stopped at a lock boundary; every other call
     * runs whole (an overlay's apply and a rollback hold mk_overlay_mutex and mk_instance_mutex throughout, an exec
     * kexec_lock). The one dispatch of a threaded step, for the checker and for replay.
     */
    public static StepResult start(Mk2Machine m, int t, Mk2Action a) {
        return call(m, t, a);
    }

    private static long loadFlags(Mk2Action.Load l) {
        return KexecFile.KEXEC_MULTIKERNEL | KexecFile.KEXEC_MK_ID(l.id())
            | (l.onCrash() ? KexecFile.KEXEC_FILE_ON_CRASH : 0);
    }

    private static long unloadFlags(Mk2Action.Unload u) {
        return KexecFile.KEXEC_FILE_UNLOAD | KexecFile.KEXEC_MULTIKERNEL | KexecFile.KEXEC_MK_ID(u.id());
    }

    private static List<Long> segments(Mk2Machine m, Mk2Action.Load l) {
        List<Long> segs = new ArrayList<>();
        for (long p : l.segmentPages()) {
            segs.add(p * m.config().pageSize());
        }
        return segs;
    }

    /** Runs {@code a} on {@code m} (which it changes) and returns what the call returned. */
    public static StepResult run(Mk2Machine m, Mk2Action a) {
        return call(m, -1, a);
    }

    /** {@code a} on {@code m}: the whole call when {@code thread} is negative, else its first section on that thread. */
    private static StepResult call(Mk2Machine m, int thread, Mk2Action a) {
        long page = m.config().pageSize();
        return a.accept(new Mk2Action.Cases<StepResult>() {
            @Override
            public StepResult baselineWrite(Mk2Action.BaselineWrite b) {
                List<Long> bytes = new ArrayList<>();
                for (long p : b.memoryPages()) {
                    bytes.add(p * page);
                }
                return m.baselineWrite(Mk2Dtbs.baseline(b.cpus(), bytes));
            }

            @Override
            public StepResult overlayWrite(Mk2Action.OverlayWrite o) {
                List<Mk2Dtbs.Op> ops = new ArrayList<>();
                for (Mk2Op op : o.ops()) {
                    ops.add(blobOp(m, op, page));
                }
                return m.overlayWrite(Mk2Dtbs.overlay(ops));
            }

            @Override
            public StepResult rmdirTx(Mk2Action.RmdirTx r) {
                return m.rmdirTx(r.id());
            }

            @Override
            public StepResult load(Mk2Action.Load l) {
                return thread < 0 ? m.kexecFileLoad(loadFlags(l), segments(m, l), failPoint(l.fault()))
                    : m.startKexecFileLoad(thread, loadFlags(l), segments(m, l), failPoint(l.fault()));
            }

            @Override
            public StepResult unload(Mk2Action.Unload u) {
                return thread < 0 ? m.kexecFileLoad(unloadFlags(u), List.of(), Mk2FailPoint.NONE)
                    : m.startKexecFileLoad(thread, unloadFlags(u), List.of(), Mk2FailPoint.NONE);
            }

            @Override
            public StepResult exec(Mk2Action.Exec e) {
                return m.exec(e.id(), e.spawnOk());
            }

            @Override
            public StepResult halt(Mk2Action.Halt h) {
                return m.halt(h.id(), h.acked());
            }

            @Override
            public StepResult forceHalt(Mk2Action.ForceHalt f) {
                return m.forceHalt(f.id());
            }

            @Override
            public StepResult spawnHalts(Mk2Action.SpawnHalts s) {
                return m.spawnHalts(s.id());
            }

            @Override
            public StepResult haltedWork(Mk2Action.HaltedWork w) {
                return m.haltedWork();
            }

            /** The spawned kernel's instance-remove names the record it restored itself as, or the one exec started. */
            @Override
            public StepResult spawnRemovesSelf(Mk2Action.SpawnRemovesSelf r) {
                mkspec.reference.mk2.include.Spawn s = m.spawnWithId(r.id());
                if (s == null) {
                    // no spawned kernel runs under that id: nothing writes, so no blob is made
                    return m.spawnOverlayWrite(r.id(), new byte[0]);
                }
                String name = s.restored() == null ? s.name() : s.restored().name();
                return m.spawnOverlayWrite(r.id(), Mk2Dtbs.overlay(List.of(new Mk2Dtbs.Op.Remove(name))));
            }
        });
    }

    private static Mk2FailPoint failPoint(Mk2LoadFault f) {
        switch (f) {
            case MANIFEST:
                return Mk2FailPoint.MANIFEST;
            case IPI_RING:
                return Mk2FailPoint.IPI_RING;
            case BAD_KERNEL:
                return Mk2FailPoint.BAD_KERNEL;
            case CONTROL_PAGE:
                return Mk2FailPoint.CONTROL_PAGE;
            default:
                return Mk2FailPoint.NONE;
        }
    }

    /**
     * The blob's form of one operation. A first-region removal names what the instance's generated device_tree
     * reads ([DT14] mk_dt_emit_tree: memory-base is the first region's start, memory-bytes the sum of all regions),
     * as a user copying those two values writes it; an instance that does not exist gets (0, 0).
     */
    private static Mk2Dtbs.Op blobOp(Mk2Machine m, Mk2Op op, long page) {
        return op.accept(new Mk2Op.Cases<Mk2Dtbs.Op>() {
            @Override
            public Mk2Dtbs.Op create(Mk2Op.Create c) {
                return new Mk2Dtbs.Op.Create(c.name(), c.id(), c.memoryPages() * page, c.cpus(), c.u32Cells(),
                    c.hostTreeBytes());
            }

            @Override
            public Mk2Dtbs.Op remove(Mk2Op.Remove r) {
                return new Mk2Dtbs.Op.Remove(r.name());
            }

            @Override
            public Mk2Dtbs.Op addMemory(Mk2Op.AddMemory add) {
                return new Mk2Dtbs.Op.Memory(add.name(), true, 0, add.pages() * page);
            }

            @Override
            public Mk2Dtbs.Op removeFirstRegion(Mk2Op.RemoveFirstRegion rm) {
                MkInstance i;
                try {
                    i = Core.mk_instance_find_by_name(m.host(), rm.name());
                } catch (mkspec.reference.KernelBug listHoldsAFreedRecord) {
                    // The user reads the values through the instance's own kernfs file, not the list walk; the apply
                    // of the write will walk the list and hit the freed record, inside the machine, as the kernel would.
                    i = null;
                }
                long base = 0;
                long bytes = 0;
                if (i != null && !i.memoryRegions.isEmpty()) {
                    base = i.memoryRegions.get(0).base();
                    for (MkInstance.MemoryRegion r : i.memoryRegions) {
                        bytes += r.size();
                    }
                }
                return new Mk2Dtbs.Op.Memory(rm.name(), false, base, bytes);
            }
        });
    }
}
