package mkspec.reference.machine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import mkspec.reference.Cpus;
import mkspec.reference.Erratum;
import mkspec.reference.FdtReadLog;
import mkspec.reference.KernelBug;
import mkspec.reference.Mix;
import mkspec.reference.Profile;
import mkspec.reference.StructNames;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.KexecCore;
import mkspec.reference.kernel.KexecFile;
import mkspec.reference.kernel.KexecFlags;
import mkspec.reference.kernel.MultikernelKexec;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.Reboot;
import mkspec.reference.kernel.SegmentRequest;
import mkspec.reference.kernel.UserCall;
import mkspec.reference.kernel.multikernel.MkCore;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.MkKernfs;
import mkspec.reference.kernel.multikernel.MultikernelPool;
import mkspec.reference.kernel.multikernel.kho.MkKho;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.mm.HostMemory;

/**
 * The executable reference as one machine: a host kernel with RFC v2's multikernel code (or the
 * fixed variant, per {@link Profile}), with one method per step of TRACE-FORMAT.md, each returning
 * a {@link StepResult}, and read access to everything a report or an invariant needs.
 *
 * <p>A machine is mutable; {@link #copy()} branches it, which the model checker does for every
 * successor. {@link #fingerprint()} hashes the whole state canonically: structs are numbered in the
 * order they are reached, never by allocation serial, so equal states hash equally.
 */
public final class Machine implements mkspec.reference.BranchingMachine<Machine> {
    private final MachineConfig config;
    private final Profile profile;
    private final MultikernelPool pool;
    private final HostMemory host;
    private final Cpus cpus;
    private final FdtReadLog reads;
    private final MkCore core;
    private final MkKernfs kernfs;
    private final KexecCore kexec;
    private final KexecFile kexecFile;
    private final MkKho kho;
    private final Reboot reboot;
    private StepResult.Bug crashed;
    /** The call in progress on each user thread, null where the thread is between calls. */
    private final UserCall[] threads;
    /** Ghost: the instances whose freed struct a status read read (KASAN's use-after-free), each once, in order. */
    private final List<String> freedReads;

    /** A freshly booted host with an empty multikernel pool, driven one call at a time. */
    public Machine(MachineConfig config, Profile profile) {
        this(config, profile, 1);
    }

    /** A freshly booted host with an empty multikernel pool and {@code threads} user threads. */
    public Machine(MachineConfig config, Profile profile, int threads) {
        this.threads = new UserCall[threads];
        this.freedReads = new ArrayList<>();
        this.config = config;
        this.profile = profile;
        this.pool = new MultikernelPool(config.poolAddress(), config.poolSize(), config.pageShift());
        this.host = new HostMemory(config.pageSize(), config.ramStart(), config.ramEnd());
        this.cpus = new Cpus(config.cpus());
        this.reads = new FdtReadLog();
        this.core = new MkCore(pool, cpus, config.pageShift());
        this.kernfs = new MkKernfs(core, profile, config.pageSize(), reads);
        this.kexec = new KexecCore(core, host, profile, config.pageSize());
        this.kexecFile = new KexecFile(kexec);
        this.kho = new MkKho(core, host, profile, config.pageSize(), reads);
        this.reboot = new Reboot(new MultikernelKexec(kexec, kho, cpus, profile), profile, false);
    }

    private Machine(Machine m) {
        this.config = m.config;
        this.profile = m.profile;
        this.pool = m.pool.copy();
        this.host = m.host.copy();
        this.cpus = m.cpus.copy();
        this.reads = m.reads.copy();
        Map<MkInstance, MkInstance> structs = MkCore.newStructMap();
        this.core = m.core.copy(pool, cpus, m.reachableInstances(), structs);
        this.kernfs = new MkKernfs(core, profile, config.pageSize(), reads);
        Map<KImage, KImage> images = new IdentityHashMap<>();
        List<KImage> held = new ArrayList<>();
        for (UserCall c : m.threads) {
            if (c != null && c.image() != null) {
                held.add(c.image());
            }
        }
        this.kexec = m.kexec.copy(core, host, structs, images, held);
        this.threads = new UserCall[m.threads.length];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = m.threads[t] == null ? null : m.threads[t].copy(structs, images);
        }
        this.freedReads = new ArrayList<>(m.freedReads);
        this.kexecFile = new KexecFile(kexec);
        this.kho = m.kho.copy(core, host, reads, structs);
        this.reboot = new Reboot(new MultikernelKexec(kexec, kho, cpus, profile), profile, m.reboot.mutexHeld());
        this.crashed = m.crashed;
    }

    /** A deep, independent copy. */
    @Override
    public Machine copy() {
        return new Machine(this);
    }

    /**
     * Every instance struct reachable from anywhere: the list, the idr, kimages' and spawned
     * kernels' pointers, closed under kimage-to-instance links.
     */
    List<MkInstance> reachableInstances() {
        // A stable order: the list, the idr, then what only spawned kernels or kimages still point at.
        List<MkInstance> out = new ArrayList<>(core.instances().size() + 2);
        for (MkInstance i : core.instances()) {
            addOnce(out, i);
        }
        for (MkInstance i : core.idr().values()) {
            addOnce(out, i);
        }
        for (SpawnedKernel k : kho.spawned()) {
            addOnce(out, k.instance());
        }
        for (KImage i : kexec.reachableImages(List.of())) {
            addOnce(out, i.mkInstance());
        }
        for (UserCall c : threads) {
            if (c != null) {
                addOnce(out, c.instance());
                addOnce(out, c.image() == null ? null : c.image().mkInstance());
            }
        }
        for (int n = 0; n < out.size(); n++) {
            Object k = out.get(n).kimage();
            if (k instanceof KImage) {
                addOnce(out, ((KImage) k).mkInstance());
            }
        }
        return out;
    }

    private static void addOnce(List<MkInstance> out, MkInstance i) {
        if (i == null) {
            return;
        }
        for (MkInstance o : out) {
            if (o == i) {
                return;
            }
        }
        out.add(i);
    }

    // ------------------------------------------------------------------ steps

    /**
     * {@code upload-device-tree}: user space writes {@code dtb} to /sys/fs/multikernel/device_tree in
     * write() calls of {@code writeChunk} bytes (0: one call), each retried on a short write as
     * {@code cat} does, stopping at the first error.
     */
    public StepResult uploadDeviceTree(byte[] dtb, int writeChunk) {
        return run(() -> {
            int chunk = writeChunk <= 0 ? Math.max(dtb.length, 1) : writeChunk;
            long pos = 0;
            for (int callStart = 0; callStart < dtb.length; callStart += chunk) {
                int callEnd = Math.min(dtb.length, callStart + chunk);
                int at = callStart;
                while (at < callEnd) {
                    int n = kernfs.kernfs_fop_write_iter(dtb, at, callEnd - at, pos);
                    if (n < 0) {
                        return StepResult.ofKernel(n);
                    }
                    at += n;
                    pos += n;
                }
            }
            if (dtb.length == 0) {
                return StepResult.ofKernel(kernfs.kernfs_fop_write_iter(dtb, 0, 0, 0));
            }
            return StepResult.OK;
        });
    }

    /** {@code mkdir instances/<name>} */
    public StepResult mkdir(String name) {
        return run(() -> StepResult.ofKernel(kernfs.mk_kernfs_mkdir(name)));
    }

    /** {@code rmdir instances/<name>} */
    public StepResult rmdir(String name) {
        return run(() -> StepResult.ofKernel(kernfs.mk_kernfs_rmdir(name)));
    }

    /** Every instances/<name>/status, by name (a read: it changes nothing). */
    public Map<String, String> status() {
        return kernfs.status();
    }

    /** The flags a trace's {@code kexec-file-load id: n} stands for. */
    public static long multikernelFlags(long id) {
        return KexecFlags.KEXEC_MULTIKERNEL | KexecFlags.KEXEC_MK_ID(id);
    }

    /** {@code kexec-file-load}: kexec_file_load() with raw {@code flags}. */
    public StepResult kexecFileLoad(long flags, List<SegmentRequest> segments, FailPoint failAt) {
        return run(() -> StepResult.ofKernel(kexecFile.kexec_file_load(flags, segments, failAt)));
    }

    /** {@code kexec-file-load-default}: a plain kexec_file_load() (flags 0). */
    public StepResult kexecFileLoadDefault(List<SegmentRequest> segments) {
        return run(() -> StepResult.ofKernel(kexecFile.kexec_file_load(0, segments, FailPoint.NONE)));
    }

    /**
     * {@code kexec-file-unload}: KEXEC_FILE_UNLOAD, with KEXEC_MULTIKERNEL | KEXEC_MK_ID(id) when an
     * id is given.
     */
    public StepResult kexecFileUnload(Long id) {
        long flags = KexecFlags.KEXEC_FILE_UNLOAD | (id == null ? 0 : multikernelFlags(id));
        return run(() -> StepResult.ofKernel(kexecFile.kexec_file_load(flags, List.of(), FailPoint.NONE)));
    }

    /** {@code reboot-multikernel}: reboot(LINUX_REBOOT_CMD_MULTIKERNEL, &{mk_id}). */
    public StepResult rebootMultikernel(int id, boolean badPointer, NotifierFault fault) {
        return run(() -> {
            int ret = reboot.reboot_multikernel(id, badPointer, fault);
            return ret == Reboot.BLOCKS_FOREVER ? StepResult.HANG : StepResult.ofKernel(ret);
        });
    }

    /** {@code reboot-other}: any later reboot-class call. */
    public StepResult rebootOther() {
        return run(() -> {
            int ret = reboot.reboot_other();
            return ret == Reboot.BLOCKS_FOREVER ? StepResult.HANG : StepResult.ofKernel(ret);
        });
    }

    /**
     * {@code spawned-boot}: the kernel the last exec of {@code id} started boots. -ESRCH when no
     * kernel was started for {@code id}; -EALREADY when it has booted already.
     */
    public StepResult spawnedBoot(int id) {
        return run(() -> {
            SpawnedKernel k = kho.lastStarted(id);
            if (k == null) {
                return StepResult.ofKernel(mkspec.reference.Errno.ESRCH.negative());
            }
            if (k.booted()) {
                return StepResult.ofKernel(mkspec.reference.Errno.EALREADY.negative());
            }
            kho.boot(k);
            return StepResult.OK;
        });
    }

    /** {@code host-reuse-freed-pages}: the host allocates, overwrites and frees every page it freed. */
    public StepResult hostReuseFreedPages() {
        return run(() -> {
            host.reuseFreedPages();
            return StepResult.OK;
        });
    }

    private interface Step {
        StepResult run();
    }

    private StepResult run(Step step) {
        if (crashed != null) {
            return new StepResult.Bug(crashed.site(), "the machine crashed earlier: " + crashed.message());
        }
        try {
            return step.run();
        } catch (KernelBug bug) {
            crashed = new StepResult.Bug(bug.site(), bug.getMessage());
            return crashed;
        }
    }

    // ------------------------------------------------------------------ user threads

    /** How many user threads the machine has. */
    public int threadCount() {
        return threads.length;
    }

    /** The call in progress on thread {@code t}, or null when it is between calls. */
    public UserCall inFlight(int t) {
        return threads[t];
    }

    /** Whether every thread is between calls: the only states the spec's states stand for. */
    public boolean quiescent() {
        for (UserCall c : threads) {
            if (c != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some thread's exec in progress holds system_transition_mutex, so that another reboot-class call
     * waits in mutex_lock() until it drops it.
     */
    public boolean rebootMutexHeldByACall() {
        for (UserCall c : threads) {
            if (c != null && c.holdsSystemTransitionMutex()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code rmdir} on thread {@code t}: its first section (the check and the unlink under mk_instance_mutex).
     * Returns the call's result when it ended there (a refusal), or null while it goes on.
     */
    public StepResult startRmdir(int t, String name) {
        return run(() -> {
            MkInstance unlinked = kernfs.mk_kernfs_rmdir_unlink(name);
            if (unlinked == null) {
                return StepResult.ofKernel(kernfs.rmdirRefusal(name));
            }
            UserCall.Rmdir call = new UserCall.Rmdir(name, profile.has(Erratum.D18));
            call.unlinked = unlinked;
            threads[t] = call;
            return null;
        });
    }

    /**
     * {@code kexec-file-load} on thread {@code t}: with D18, a multikernel load stops after mk_instance_find()
     * (null: it goes on); otherwise the whole call, whose association runs under the same hold of
     * mk_instance_mutex as the lookup.
     */
    public StepResult startKexecFileLoad(int t, long flags, List<SegmentRequest> segments, FailPoint failAt) {
        if (!profile.has(Erratum.D18)) {
            return kexecFileLoad(flags, segments, failAt);
        }
        return run(() -> {
            UserCall.Load call = new UserCall.Load(flags, segments, failAt);
            int ret = kexecFile.kexecFileLoadFind(call);
            if (ret != UserCall.RUNNING) {
                return StepResult.ofKernel(ret);
            }
            if (call.instance == null) {
                return StepResult.ofKernel(kexecFile.kexecFileLoadRest(call)); // a plain image: nothing to race
            }
            threads[t] = call;
            return null;
        });
    }

    /**
     * {@code reboot-multikernel} on thread {@code t}: with D18 the exec stops after kimage_find_by_id() (null: it
     * goes on), holding system_transition_mutex and kexec_lock; otherwise the whole call.
     */
    public StepResult startRebootMultikernel(int t, int id, boolean badPointer, NotifierFault fault) {
        if (!profile.has(Erratum.D18)) {
            return rebootMultikernel(id, badPointer, fault);
        }
        return run(() -> {
            UserCall.Exec call = new UserCall.Exec(id, badPointer, fault);
            int ret = reboot.rebootMultikernelLookup(call);
            if (ret == Reboot.BLOCKS_FOREVER) {
                return StepResult.HANG;
            }
            if (ret != UserCall.RUNNING) {
                return StepResult.ofKernel(ret);
            }
            threads[t] = call;
            return null;
        });
    }

    /**
     * The next section of thread {@code t}'s call in progress. Returns the call's result when that section ended
     * it, or null while it goes on.
     */
    public StepResult resume(int t) {
        UserCall call = threads[t];
        if (call == null) {
            throw new IllegalStateException("thread " + t + " has no call in progress");
        }
        if (crashed != null) {
            threads[t] = null;
            return new StepResult.Bug(crashed.site(), "the machine crashed earlier: " + crashed.message());
        }
        StepResult r = run(() -> call.accept(new UserCall.Cases<StepResult>() {
            public StepResult rmdir(UserCall.Rmdir c) {
                if (c.next().equals("mk_instance_put")) {
                    core.mk_instance_put(c.unlinked);
                    c.put = true;
                } else {
                    kernfs.kernfs_remove_self(c.unlinked);
                    c.removed = true;
                }
                return c.put && c.removed ? StepResult.OK : null;
            }

            public StepResult load(UserCall.Load c) {
                return StepResult.ofKernel(kexecFile.kexecFileLoadRest(c));
            }

            public StepResult exec(UserCall.Exec c) {
                return StepResult.ofKernel(reboot.rebootMultikernelKick(c));
            }
        }));
        if (r != null) {
            threads[t] = null;
        }
        return r;
    }

    /**
     * {@code status} while other threads may be inside calls: one read of every status file kernfs still shows
     * (the listed instances, and an instance a thread's rmdir has unlinked but whose directory it has not yet
     * removed), each under its file's active reference. A read of a freed instance is recorded as a
     * use-after-free.
     */
    public StepResult statusRead() {
        return run(() -> {
            List<MkInstance> dirs = new ArrayList<>(core.instances());
            for (UserCall c : threads) {
                if (c != null && c.instance() != null && !dirs.contains(c.instance())) {
                    dirs.add(c.instance());
                }
            }
            for (String name : kernfs.mk_status_show(dirs)) {
                if (!freedReads.contains(name)) {
                    freedReads.add(name); // the first read of each is what a reviewer needs; a ghost stays finite
                }
            }
            return StepResult.OK;
        });
    }

    /** Ghost: the instances whose freed struct a status read read, in order; empty when none was. */
    public List<String> freedReads() {
        return java.util.Collections.unmodifiableList(freedReads);
    }

    // ------------------------------------------------------------------ observation

    public MachineConfig config() {
        return config;
    }

    public Profile profile() {
        return profile;
    }

    public MultikernelPool pool() {
        return pool;
    }

    public HostMemory host() {
        return host;
    }

    public Cpus cpus() {
        return cpus;
    }

    public MkCore core() {
        return core;
    }

    public KexecCore kexec() {
        return kexec;
    }

    public MkKho kho() {
        return kho;
    }

    /** Whether system_transition_mutex is held between calls (D9 leaves it so). */
    public boolean rebootLockHeld() {
        return reboot.mutexHeld();
    }

    public FdtReadLog fdtReads() {
        return reads;
    }

    /** The BUG the machine crashed at, or null. */
    public StepResult.Bug crashed() {
        return crashed;
    }

    /** Every kimage struct reachable from the state (live or dangling), in a stable order. */
    public List<KImage> images() {
        return kexec.reachableImages(reachableInstances());
    }

    /** The handover FDT size of the last kernel started for {@code id}, or -1. */
    public long handoverBytes(int id) {
        SpawnedKernel k = kho.lastStarted(id);
        return k == null || k.handoverPhys() == 0 ? -1 : k.handoverTotalsize();
    }

    // ------------------------------------------------------------------ fingerprint

    /**
     * A 64-bit hash of the whole concrete state, canonical up to names: structs are numbered in the
     * order the traversal reaches them, never by allocation serial, and host pages likewise (see
     * {@link HostMemory#stateHash}); pool addresses, which the invariants compare, stay as they are.
     */
    /** The bytes read out of bounds so far: the fingerprint holds only whether there were any. */
    @Override
    public long ghostHash() {
        return reads.bytes();
    }

    @Override
    public long fingerprint() {
        StructNames canon = new StructNames();
        long h = 0x6d6b73706563L;
        h = pool.stateHash(h);
        h = cpus.stateHash(h);
        h = Mix.mix(h, reads.bytes() > 0 ? 1 : 0);
        h = Mix.mix(h, reboot.mutexHeld() ? 1 : 0);
        h = Mix.mix(h, crashed == null ? 0 : crashed.site().hashCode());
        List<MkInstance> instances = reachableInstances();
        h = core.stateHash(h, canon);
        for (MkInstance i : instances) {
            h = Mix.mix(h, canon.of(i));
        }
        for (MkInstance i : instances) {
            h = MkCore.instanceHash(h, i);
            h = Mix.mix(h, i.kimage() == null ? 0 : canon.of(i.kimage()));
        }
        h = Mix.mix(h, kexec.kexecImage() == null ? 0 : canon.of(kexec.kexecImage()));
        long listed = 0;
        for (KImage k : kexec.kimageList()) {
            listed += Mix.mix(0x11, canon.of(k)); // the list's order is never observed
        }
        h = Mix.mix(h, listed);
        Map<Long, Integer> pages = new java.util.HashMap<>();
        List<KImage> images = new ArrayList<>(kexec.reachableImages(instances));
        images.sort((a, b) -> Integer.compare(canon.of(a), canon.of(b)));
        for (KImage k : images) {
            h = Mix.mix(h, canon.of(k));
            h = Mix.mix(h, k.type());
            h = Mix.mix(h, k.mkId());
            h = Mix.mix(h, k.mkInstance() == null ? 0 : canon.of(k.mkInstance()));
            for (KImage.Segment s : k.segments()) {
                h = Mix.mix(h, s.mem());
                h = Mix.mix(h, s.memsz() * 2 + (s.fromPool() ? 1 : 0));
            }
            for (KImage.ControlPages c : k.mkControlPages()) {
                h = Mix.mix(h, c.addr());
            }
            for (long c : k.controlPages()) {
                h = Mix.mix(h, Mix.canonical(pages, c));
            }
            h = Mix.mix(h, k.khoFdt() == 0 ? 0 : Mix.canonical(pages, k.khoFdt()));
            h = Mix.mix(h, (k.alive() ? 1 : 0) + (k.segmentsLoaded() ? 2 : 0) + (k.noCma() ? 4 : 0) + (k.forceDtb() ? 8 : 0));
        }
        java.util.Set<Long> read = new java.util.HashSet<>();
        for (SpawnedKernel k : kho.spawned()) {
            h = Mix.mix(h, k.mkId());
            h = Mix.mix(h, k.instance() == null ? 0 : canon.of(k.instance()));
            h = Mix.mix(h, k.cpu());
            h = Mix.mix(h, k.handoverPhys() == 0 ? 0 : Mix.canonical(pages, k.handoverPhys()));
            if (!k.booted() && k.handoverPhys() != 0) {
                read.add(k.handoverPhys());
            }
            h = Mix.mix(h, k.handoverAtExecHash());
            h = Mix.mix(h, k.finalizeRet());
            h = Mix.mix(h, (k.booted() ? 1 : 0) + (k.populated() ? 2 : 0) + (k.pinned() ? 4 : 0)
                + (k.booted() && k.readsIntact() ? 8 : 0));
            h = Mix.mix(h, k.restored() == null ? 0 : k.restored().hashCode());
            h = Mix.mix(h, k.restoreRet());
        }
        h = host.stateHash(h, pages, read);
        // Threads and the ghost: folded in only when present, so a machine between calls hashes as it always did.
        // The calls are summed, not chained: machines that differ only in which thread runs which call are one
        // state, since threads are interchangeable.
        long calls = 0;
        for (UserCall c : threads) {
            if (c != null) {
                long ch = Mix.mix(0x7468, c.next().hashCode());
                ch = Mix.mix(ch, c.instance() == null ? 0 : canon.of(c.instance()));
                ch = Mix.mix(ch, c.image() == null ? 0 : canon.of(c.image()));
                calls += Mix.mix(ch, c.accept(new UserCall.Cases<Long>() {
                    public Long rmdir(UserCall.Rmdir r) {
                        return (long) r.name.hashCode();
                    }

                    public Long load(UserCall.Load l) {
                        return l.flags * 31 + l.requests.hashCode() * 7L + l.failAt.ordinal();
                    }

                    public Long exec(UserCall.Exec e) {
                        return e.mkId * 31L + e.fault.ordinal();
                    }
                }));
            }
        }
        if (calls != 0) {
            h = Mix.mix(h, calls);
        }
        for (String name : freedReads) {
            h = Mix.mix(h, 0x756166 + name.hashCode());
        }
        return h;
    }
}
