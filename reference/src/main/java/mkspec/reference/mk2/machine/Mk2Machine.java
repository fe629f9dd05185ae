package mkspec.reference.mk2.machine;

import java.util.List;
import mkspec.reference.KernelBug;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.MkPool;
import mkspec.reference.mk2.include.OverlayTx;
import mkspec.reference.mk2.include.Spawn;
import mkspec.reference.mk2.kernel.KexecCore;
import mkspec.reference.mk2.kernel.KexecFile;
import mkspec.reference.mk2.kernel.Mk2FailPoint;
import mkspec.reference.mk2.kernel.Mk2UserCall;
import mkspec.reference.mk2.kernel.multikernel.Core;
import mkspec.reference.mk2.kernel.multikernel.Kernfs;
import mkspec.reference.mk2.kernel.multikernel.Overlay;
import static mkspec.reference.Mix.mix;

/**
 * An mk2 host as a user drives it: one method per system call or message, each returning what the call returns,
 * with a modelled BUG or oops caught at the edge and the machine marked crashed (every later call returns it again
 * and changes nothing). The spawned kernels that run are the hardware's part of the state ({@link Host#running}).
 */
public final class Mk2Machine implements mkspec.reference.BranchingMachine<Mk2Machine> {
    /**
     * The machine's shape.
     *
     * @param pageSize PAGE_SIZE
     * @param cpus nr_cpu_ids
     * @param ramFirstPfn the first page frame of System RAM
     * @param ramPages System RAM's pages
     */
    public record Config(long pageSize, int cpus, long ramFirstPfn, int ramPages) {
    }

    private final Config config;
    private final Host host;
    private StepResult.Bug crashed;
    /** The call in progress on each user thread, null where the thread is between calls. */
    private final Mk2UserCall[] threads;

    /** A freshly booted host driven one call at a time. */
    public Mk2Machine(Config config, Mk2Profile profile) {
        this(config, profile, 1);
    }

    /** A freshly booted host with {@code threads} user threads, whose calls may stop at lock boundaries. */
    public Mk2Machine(Config config, Mk2Profile profile, int threads) {
        this.config = config;
        this.host = new Host(profile, config.pageSize(), config.cpus(), config.ramFirstPfn(), config.ramPages());
        this.threads = new Mk2UserCall[threads];
    }

    private Mk2Machine(Mk2Machine o) {
        this.config = o.config;
        this.host = o.host.copy();
        this.crashed = o.crashed;
        this.threads = o.threads.clone(); // the calls are values: serials stand for their pointers
    }

    @Override
    public Mk2Machine copy() {
        return new Mk2Machine(this);
    }

    public Config config() {
        return config;
    }

    /** The kernel's memory, for the abstraction; callers must not change it. */
    public Host host() {
        return host;
    }

    /** The BUG the host hit, or null. */
    public StepResult.Bug crashed() {
        return crashed;
    }

    private interface Call {
        int run();
    }

    private StepResult run(Call c) {
        if (crashed != null) {
            return crashed;
        }
        try {
            return StepResult.ofKernel(c.run());
        } catch (KernelBug b) {
            crashed = new StepResult.Bug(b.site(), b.getMessage());
            return crashed;
        }
    }

    /** write(2) of {@code blob} to /sys/fs/multikernel/device_tree. */
    public StepResult baselineWrite(byte[] blob) {
        return run(() -> Kernfs.root_device_tree_write(host, blob));
    }

    /**
     * write(2) of {@code blob} to /sys/fs/multikernel/overlays/new, and, as a user's write loop does after a short
     * write, of the rest. Without atomic_write_len (N4) kernfs hands the handler a page per call, so a longer blob
     * is two or more calls and the result is the last one's; fixed, one call of the whole blob.
     */
    public StepResult overlayWrite(byte[] blob) {
        return run(() -> {
            int chunk = host.has(mkspec.reference.mk2.Mk2Erratum.N4) ? (int) host.pageSize : blob.length;
            int ret = 0;
            for (int off = 0; off < blob.length || off == 0; off += chunk) {
                int n = Math.min(chunk, blob.length - off);
                ret = Overlay.mk_overlay_new_write(host, off == 0 ? blob : java.util.Arrays.copyOfRange(blob, off, blob.length),
                    off, n);
                if (ret < 0 || blob.length == 0) {
                    break;
                }
            }
            return ret < 0 ? ret : blob.length;
        });
    }

    /** rmdir(2) of /sys/fs/multikernel/overlays/tx_{@code id}. */
    public StepResult rmdirTx(int id) {
        return run(() -> Overlay.mk_overlay_rmdir(host, id));
    }

    /** kexec_file_load(2) with {@code flags}; each segment's memsz; {@code fault} injected. */
    public StepResult kexecFileLoad(long flags, List<Long> segments, Mk2FailPoint fault) {
        return run(() -> KexecFile.kexec_file_load(host, flags, segments, fault));
    }

    /** reboot(LINUX_REBOOT_CMD_MULTIKERNEL, &id), mk_arch_spawn_instance doing {@code spawnOk}. */
    public StepResult exec(int id, boolean spawnOk) {
        return run(() -> KexecCore.multikernel_kexec_by_id(host, id, spawnOk));
    }

    /** reboot(LINUX_REBOOT_CMD_MULTIKERNEL_HALT, &id); an ACK parks the spawned kernel. */
    public StepResult halt(int id, boolean acked) {
        return run(() -> {
            int ret = Core.multikernel_halt_by_id(host, id, acked);
            if (ret == 0) {
                parkSpawnOf(id);
            }
            return ret;
        });
    }

    /** reboot(LINUX_REBOOT_CMD_MULTIKERNEL_HALT_FORCE, &id); the NMIs park the spawned kernel. */
    public StepResult forceHalt(int id) {
        return run(() -> {
            int ret = Core.multikernel_force_halt_by_id(host, id);
            if (ret == 0) {
                parkSpawnOf(id);
            }
            return ret;
        });
    }

    /**
     * The spawned kernel that runs under id {@code id} halts on its own (mk_halt_to_pool): it sends MK_SYS_HALTED and
     * parks its CPUs; the host's message handler queues the work. Nothing happens when no spawned kernel runs with
     * that id.
     */
    public StepResult spawnHalts(int id) {
        return run(() -> {
            Spawn s = spawnWithId(id);
            if (s != null) {
                host.running.remove(s);
                host.pendingHalted.add(id);
            }
            return 0;
        });
    }

    /**
     * write(2) of {@code blob} to the overlays/new of the spawned kernel exec started under id {@code id} (its own
     * kernfs, [OV14] mk_overlay_new_write on its own records), in one call. Nothing happens when no spawned kernel
     * runs under that id.
     */
    public StepResult spawnOverlayWrite(int id, byte[] blob) {
        return run(() -> {
            Spawn s = spawnWithId(id);
            if (s == null) {
                return 0;
            }
            int ret = Overlay.mk_overlay_new_write(s.kernel(), blob, 0, blob.length);
            return ret < 0 ? ret : 0;
        });
    }

    /** The host's workqueue runs mk_halted_work_fn for the oldest queued MK_SYS_HALTED, if any. */
    public StepResult haltedWork() {
        return run(() -> {
            if (!host.pendingHalted.isEmpty()) {
                Core.mk_halted_work_fn(host, host.pendingHalted.remove(0));
            }
            return 0;
        });
    }

    // ------------------------------------------------------------------ user threads

    /** How many user threads the machine has. */
    public int threadCount() {
        return threads.length;
    }

    /** The call in progress on thread {@code t}, or null when it is between calls. */
    public Mk2UserCall inFlight(int t) {
        return threads[t];
    }

    /** Whether some thread's call holds kexec_lock between its sections, so that a kexec_trylock fails. */
    public boolean kexecLockHeld() {
        return host.kexecLock;
    }

    /** Whether every thread is between calls: the only states the spec's states stand for. */
    public boolean quiescent() {
        for (Mk2UserCall c : threads) {
            if (c != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * kexec_file_load(2) on thread {@code t}: its first section ({@link KexecFile#kexec_file_load_start}). Returns
     * the call's result when it ended there, or null while it goes on ({@link #resume} runs the rest).
     */
    public StepResult startKexecFileLoad(int t, long flags, List<Long> segments, Mk2FailPoint fault) {
        if (threads[t] != null) {
            throw new IllegalStateException("thread " + t + " is inside a call");
        }
        return section(t, () -> KexecFile.kexec_file_load_start(host, flags, segments, fault));
    }

    /**
     * The next section of thread {@code t}'s call in progress. Returns the call's result when that section ended it,
     * or null while it goes on.
     */
    public StepResult resume(int t) {
        Mk2UserCall call = threads[t];
        if (call == null) {
            throw new IllegalStateException("thread " + t + " has no call in progress");
        }
        if (crashed != null) {
            threads[t] = null;
            return new StepResult.Bug(crashed.site(), "the machine crashed earlier: " + crashed.message());
        }
        return section(t, () -> KexecFile.kexec_file_load_resume(host, call));
    }

    private interface Section {
        Mk2UserCall.Ran run();
    }

    /** One section on thread {@code t}: the result when the call ended, null when it stopped at a lock boundary. */
    private StepResult section(int t, Section s) {
        if (crashed != null) {
            threads[t] = null;
            return crashed;
        }
        try {
            Mk2UserCall.Ran r = s.run();
            threads[t] = r.goesOn();
            return r.ended() ? StepResult.ofKernel(r.ret()) : null;
        } catch (KernelBug b) {
            threads[t] = null;
            crashed = new StepResult.Bug(b.site(), b.getMessage());
            return crashed;
        }
    }

    /** The spawned kernel running for the record with this id now. */
    private void parkSpawnOf(int id) {
        Integer serial = host.idr.get(id);
        host.running.removeIf(s -> serial != null && s.instance() == serial);
    }

    /** The spawned kernel whose manifest gave it {@code id}, or null. */
    public Spawn spawnWithId(int id) {
        for (Spawn s : host.running) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /**
     * The spawned kernel's records: what its later overlays act on. Its overlay transactions are left out: no
     * modelled step reads them, and its tx ids would otherwise grow without bound.
     */
    private static long spawnedKernel(long h, Host k) {
        h = mix(h, k.mkSelf == 0 ? 0 : k.records.containsKey(k.mkSelf) ? 1 : 2);
        for (MkInstance i : k.records.values()) {
            h = mix(mix(mix(mix(h, i.id), i.name.hashCode()), i.refcount), i.state.ordinal());
            h = mix(mix(h, (i.kn ? 2 : 0) + (i.published ? 1 : 0)), i.cpus.hashCode());
        }
        return h;
    }

    /**
     * A 64-bit hash of everything a later step can observe, ghosts included, with records and images named by their
     * rank in creation order rather than by serial: two hosts that differ only in how many objects were made and
     * freed on the way behave alike, and without this a create-remove cycle would never end the search.
     */
    @Override
    public long fingerprint() {
        java.util.Map<Integer, Integer> rec = new java.util.HashMap<>();
        for (int serial : host.records.keySet()) {
            rec.put(serial, rec.size() + 1);
        }
        java.util.Map<Integer, Integer> img = new java.util.HashMap<>();
        for (int serial : host.images.keySet()) {
            img.put(serial, img.size() + 1);
        }
        java.util.function.IntUnaryOperator r = k -> k == 0 ? 0 : rec.getOrDefault(k, -1);
        java.util.function.IntUnaryOperator g = k -> k == 0 ? 0 : img.getOrDefault(k, -1);
        long h = host.pages.stateHash(17);
        h = mix(h, host.online.hashCode());
        if (host.pool != null) {
            h = mix(h, host.pool.cpus.hashCode());
            for (MkPool.Chunk c : host.pool.chunks) {
                h = mix(mix(h, c.base()), c.size());
            }
            h = host.pool.nodePool() == null ? mix(h, 1) : host.pool.nodePool().stateHash(h);
        }
        for (MkInstance i : host.records.values()) {
            h = mix(mix(mix(h, r.applyAsInt(i.serial)), i.name.hashCode()), i.id);
            h = mix(mix(mix(h, i.state.ordinal()), i.refcount), (i.kn ? 2 : 0) + (i.published ? 1 : 0));
            h = mix(mix(mix(h, i.cpus.hashCode()), i.memoryRegions.hashCode()), g.applyAsInt(i.kimage));
            // instance->ipi_phys is left out: it only decides which ranges later manifests list as reserved, and
            // with at most three instances (seven ranges, far below both limits) no step tells two such hosts apart
            h = mix(h, i.hostTree == null ? 0 : java.util.Arrays.hashCode(i.hostTree));
            h = i.instancePool == null ? mix(h, 3) : i.instancePool.stateHash(h);
        }
        for (int serial : host.instanceList) {
            h = mix(h, r.applyAsInt(serial));
        }
        for (java.util.Map.Entry<Integer, Integer> e : host.idr.entrySet()) {
            h = mix(mix(h, e.getKey()), r.applyAsInt(e.getValue()));
        }
        for (KImage k : host.images.values()) {
            h = mix(mix(mix(h, g.applyAsInt(k.serial)), k.type.ordinal()), r.applyAsInt(k.mkInstance));
            h = mix(mix(mix(h, k.segments.hashCode()), k.manifest), k.ipiRing);
            h = mix(mix(mix(h, k.controlPages.hashCode()), k.crashPages.hashCode()), k.onList ? 1 : 0);
        }
        for (int serial : host.imageList) {
            h = mix(h, g.applyAsInt(serial));
        }
        h = mix(h, g.applyAsInt(host.crashImage));
        for (OverlayTx t : host.txs) {
            h = mix(mix(mix(h, t.id), t.applied ? 1 : 0), java.util.Arrays.hashCode(t.dtbo));
            for (OverlayTx.Ran ran : t.ran()) {
                h = mix(mix(mix(mix(h, ran.op().hashCode()), r.applyAsInt(ran.serial())), ran.base()), ran.size());
            }
        }
        h = mix(h, host.overlayNextId);
        for (Spawn s : host.running) {
            h = mix(mix(mix(mix(h, r.applyAsInt(s.instance())), s.id()), g.applyAsInt(s.image())), s.cpus().hashCode());
            h = mix(mix(mix(h, s.memory().hashCode()), s.name().hashCode()), s.told().hashCode());
            h = mix(h, s.restored() == null ? 0 : s.restored().hashCode());
            h = spawnedKernel(h, s.kernel());
        }
        h = mix(h, host.pendingHalted.hashCode());
        // Threads and kexec_lock: folded in only when present, so a machine between calls hashes as it always did.
        // The calls are summed, not chained: threads are interchangeable.
        long calls = 0;
        for (Mk2UserCall c : threads) {
            if (c != null) {
                calls += mix(0x7468, c.accept(new Mk2UserCall.Cases<Long>() {
                    public Long load(Mk2UserCall.Load l) {
                        return mix(mix(mix(mix(1, l.flags()), l.segments().hashCode()), l.fault().ordinal()),
                            r.applyAsInt(l.instance()));
                    }

                    public Long unload(Mk2UserCall.Unload u) {
                        return mix(mix(2, u.mkId()), g.applyAsInt(u.image()));
                    }
                }));
            }
        }
        if (calls != 0) {
            h = mix(h, calls);
        }
        if (host.kexecLock) {
            h = mix(h, 0x6b6c);
        }
        return mix(h, crashed == null ? 0 : crashed.site().hashCode());
    }
}
