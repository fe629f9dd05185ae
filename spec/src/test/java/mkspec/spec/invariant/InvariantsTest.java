package mkspec.spec.invariant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;
import mkspec.spec.check.Verdict;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Image;
import mkspec.spec.model.Instance;
import mkspec.spec.model.Lifecycle;
import mkspec.spec.model.MkState;
import mkspec.spec.model.PlainImage;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;
import mkspec.spec.model.Spawned;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every invariant fails on a state (or step) built by hand to break it, and only the invariants meant to: none of
 * them holds vacuously. The states start from ones the spec reaches (web loaded, web running) and change one thing.
 */
class InvariantsTest {
    static final Bounds B = Bounds.defaults();
    static final Platform P = B.platform();
    static final Invariants INV = new Invariants(P);
    static MkState loaded;
    static MkState running;

    /** The first step the spec takes for {@code a}. */
    static MkState step(MkState s, Action a) {
        Next.Step st = Next.steps(P, s, a, mkspec.spec.action.Choice.onePerClass(List.of())).get(0);
        assertEquals(Result.OK, st.result(), a.op());
        return st.next();
    }

    @BeforeAll
    static void reachLoadedAndRunning() {
        MkState s = MkState.init(P);
        s = step(s, Action.UploadDeviceTree.of(new Action.Nodes(List.of(Spec.catalogNode(B, 0), Spec.catalogNode(B, 1)))));
        s = step(s, new Action.KexecFileLoad(Next.mkIdFlags(1), List.of(Action.SegmentReq.ofSize(4096)), Action.FailAt.NONE));
        loaded = s;
        running = step(s, new Action.RebootMultikernel(1, false, Action.NotifierFault.NONE));
    }

    /** The ids of the state invariants {@code s} fails. */
    static Set<String> failing(MkState s) {
        Set<String> out = new TreeSet<>();
        for (SpecInvariant inv : INV.stateInvariants()) {
            Verdict v = inv.check(s);
            if (!v.holds()) {
                out.add(inv.id());
            }
        }
        return out;
    }

    static Instance web(MkState s) {
        return s.byName("web").orElseThrow();
    }

    static Instance db(MkState s) {
        return s.byName("db").orElseThrow();
    }

    static Instance withCpus(Instance i, CpuSet cpus) {
        return new Instance(i.name(), i.id(), i.state(), cpus, i.chunks(), i.allocated(), i.dtbSize(), i.image());
    }

    static Instance withImageAt(Instance i, List<Range> segments) {
        Image old = i.image().orElseThrow();
        Image image = new Image(old.mkId(), segments, old.controlPages(), true);
        return i.withImage(Optional.of(image), i.allocated());
    }

    @Test
    void theStatesTheSpecReachesHoldEveryInvariant() {
        assertEquals(Set.of(), failing(loaded));
        assertEquals(Set.of(), failing(running));
    }

    @Test
    void typeOkFailsForACpuBeyondNrCpuIds() {
        MkState s = loaded.withInstance(withCpus(db(loaded), CpuSet.of(P.cpus() + 3)));
        assertTrue(failing(s).contains("type-ok"), failing(s).toString());
    }

    @Test
    void segmentsDisjointFailsForAPlainImageOverAnInstancesSegment() {
        Range seg = web(loaded).image().orElseThrow().segments().get(0);
        MkState s = loaded.withPlain(Optional.of(new PlainImage(List.of(seg))));
        assertEquals(Set.of("segments-disjoint"), failing(s));
    }

    @Test
    void segmentsDisjointFailsForTwoImagesOnOnePage() {
        Range seg = web(loaded).image().orElseThrow().segments().get(0);
        Instance db = db(loaded);
        Image image = new Image(db.id(), List.of(seg), List.of(), true);
        MkState s = loaded.withInstance(db.withImage(Optional.of(image), db.allocated()).withState(Lifecycle.LOADED));
        assertTrue(failing(s).contains("segments-disjoint"), failing(s).toString());
    }

    @Test
    void segmentsInsideInstanceFailsForASegmentInAnotherInstancesMemory() {
        Range dbPage = new Range(db(loaded).memory().first(), 1);
        MkState s = loaded.withInstance(withImageAt(web(loaded), List.of(dbPage)));
        assertTrue(failing(s).contains("segments-inside-instance"), failing(s).toString());
    }

    @Test
    void instancesDisjointFailsForTwoInstancesWithOneCpu() {
        MkState s = loaded.withInstance(withCpus(db(loaded), web(loaded).cpus()));
        assertEquals(Set.of("instances-disjoint"), failing(s));
    }

    @Test
    void instancesDisjointFailsForAnInstanceOnCpuZero() {
        MkState s = loaded.withInstance(withCpus(db(loaded), CpuSet.of(0)));
        assertEquals(Set.of("instances-disjoint"), failing(s));
    }

    @Test
    void poolConservedFailsForAPageNeitherFreeNorAnInstances() {
        RangeSet free = loaded.poolFree();
        MkState s = loaded.withPoolFree(free.minus(new Range(free.first(), 1)));
        assertEquals(Set.of("pool-conserved"), failing(s));
    }

    @Test
    void noPoolLeakFailsForPagesHeldWithoutAnImage() {
        Instance db = db(loaded);
        MkState s = loaded.withInstance(db.withImage(Optional.empty(), RangeSet.of(db.memory().first(), 1)));
        assertEquals(Set.of("no-pool-leak"), failing(s));
    }

    @Test
    void lifecycleConsistentFailsForALoadedInstanceWithoutAnImage() {
        MkState s = loaded.withInstance(db(loaded).withState(Lifecycle.LOADED));
        assertEquals(Set.of("lifecycle-consistent"), failing(s));
    }

    @Test
    void lifecycleConsistentFailsForADanglingImage() {
        Instance web = web(loaded);
        Image old = web.image().orElseThrow();
        Image dangling = new Image(old.mkId(), old.segments(), old.controlPages(), false);
        MkState s = loaded.withInstance(web.withImage(Optional.of(dangling), web.allocated()).withState(Lifecycle.LOADING));
        assertTrue(failing(s).contains("lifecycle-consistent"), failing(s).toString());
    }

    @Test
    void runningProtectedFailsWhenARunningKernelsInstanceIsNotActive() {
        MkState s = running.withInstance(web(running).withState(Lifecycle.LOADED));
        assertEquals(Set.of("running-protected"), failing(s));
    }

    @Test
    void runningProtectedFailsWhenTheHostBringsItsCpuOnline() {
        MkState s = running.withOnline(running.online().with(running.spawned().get(0).cpu()));
        assertTrue(failing(s).contains("running-protected"), failing(s).toString());
    }

    static MkState withHandover(MkState s, Spawned.Handover h) {
        Spawned k = s.spawned().get(0);
        return s.withSpawned(List.of(new Spawned(k.mkId(), k.startedFor(), k.cpu(), h, k.boot())));
    }

    static MkState withBoot(MkState s, Spawned.Boot b) {
        return s.withSpawned(List.of(s.spawned().get(0).withBoot(b)));
    }

    @Test
    void handoverFitsPageFailsForAKernelStartedWithAnFdtOverAPage() {
        MkState s = withHandover(running, new Spawned.Handover(true, P.pageSize() + 64, P.pageSize()));
        assertEquals(Set.of("handover-fits-page"), failing(s));
        Verdict v = INV.handoverFitsPage().check(s);
        assertTrue(((Verdict.Violated) v).details().get(0).endsWith("did not fit one page: it needs "
            + (P.pageSize() + 64) + " bytes > " + P.pageSize()), v.toString());
    }

    @Test
    void handoverWellFormedFailsForAKernelStartedWithoutDtbData() {
        MkState s = withHandover(running, new Spawned.Handover(false, 160, 160));
        assertEquals(Set.of("handover-well-formed"), failing(s));
    }

    @Test
    void restoreFaithfulFailsForAKernelThatRestoredAnotherId() {
        Spawned.Identity w = running.spawned().get(0).startedFor();
        Spawned.Restored other = new Spawned.Restored(w.name(), w.id() + 1, w.cpus(), w.memoryBytes(), true);
        MkState s = withBoot(running, new Spawned.Booted(true, Optional.of(other)));
        assertEquals(Set.of("restore-faithful"), failing(s));
    }

    @Test
    void restoreFaithfulFailsForAKernelThatRestoredNothing() {
        MkState s = withBoot(running, new Spawned.Booted(true, Optional.empty()));
        assertEquals(Set.of("restore-faithful"), failing(s));
    }

    @Test
    void handoverPageAliveFailsForAPageFreedOrOverwrittenBeforeBoot() {
        assertEquals(Set.of("handover-page-alive"), failing(withBoot(running, new Spawned.NotBooted(false, true))));
        assertEquals(Set.of("handover-page-alive"), failing(withBoot(running, new Spawned.NotBooted(true, false))));
    }

    @Test
    void fdtReadsInBoundsFailsOnceAnFdtWasReadOutOfBounds() {
        MkState s = new MkState(loaded.poolFree(), loaded.instances(), loaded.plain(), loaded.spawned(), loaded.online(),
            false, Optional.of("root_device_tree_write: byte 4096 of a 4096-byte buffer"), Optional.empty());
        assertEquals(Set.of("fdt-reads-in-bounds"), failing(s));
        assertEquals(List.of("an FDT was read past its buffer or a declared length: root_device_tree_write: byte 4096 of a "
            + "4096-byte buffer"), ((Verdict.Violated) INV.fdtReadsInBounds().check(s)).details());
    }

    @Test
    void rebootLockReleasedFailsWhileTheLockIsHeld() {
        assertEquals(Set.of("reboot-lock-released"), failing(loaded.withRebootLockHeld(true)));
    }

    static Verdict stepCheck(String id, MkState pre, Action a, Result r, MkState post) {
        for (SpecStepInvariant inv : INV.stepInvariants()) {
            if (inv.id().equals(id)) {
                return inv.check(pre, a, r, post);
            }
        }
        throw new IllegalArgumentException(id);
    }

    @Test
    void failedOpAtomicFailsForAnErrorThatChangedTheState() {
        Action rmdir = new Action.Rmdir("db");
        MkState post = loaded.withInstances(List.of(web(loaded)));
        assertFalse(stepCheck("failed-op-atomic", loaded, rmdir, Result.err(Errno.EBUSY), post).holds());
        assertTrue(stepCheck("failed-op-atomic", loaded, rmdir, Result.err(Errno.EBUSY), loaded).holds());
    }

    @Test
    void idsLoadableFailsForAWellFormedLoadOfAnExistingIdRefusedAsInvalid() {
        Action load = new Action.KexecFileLoad(Next.mkIdFlags(2), List.of(Action.SegmentReq.ofSize(4096)), Action.FailAt.NONE);
        assertFalse(stepCheck("ids-loadable", loaded, load, Result.err(Errno.EINVAL), loaded).holds());
        assertTrue(stepCheck("ids-loadable", loaded, load, Result.err(Errno.ENOMEM), loaded).holds());
    }

    @Test
    void imagesIndependentFailsForALoadThatChangedAnotherInstance() {
        Action load = new Action.KexecFileLoad(Next.mkIdFlags(2), List.of(Action.SegmentReq.ofSize(4096)), Action.FailAt.NONE);
        MkState post = loaded.withInstance(web(loaded).withImage(Optional.empty(), RangeSet.EMPTY).withState(Lifecycle.READY));
        assertFalse(stepCheck("images-independent", loaded, load, Result.OK, post).holds());
    }

    /** What keeps {@code s} from being a clean machine, or the empty list where it is one. */
    static List<String> notClean(MkState s) {
        Verdict v = INV.cleanMachine().check(s);
        return v.holds() ? List.of() : ((Verdict.Violated) v).details();
    }

    @Test
    void aCleanMachineIsTheInitialStateOrOneWhereOnlyRunningInstancesRemain() {
        assertEquals(List.of(), notClean(MkState.init(P)));
        MkState onlyWebRunning = running.withInstances(List.of(web(running)))
            .withPoolFree(running.poolFree().union(db(running).memory()));
        assertEquals(List.of(), notClean(onlyWebRunning));
    }

    @Test
    void cleanMachineNamesEachThingThatKeepsAStateFromBeingClean() {
        assertEquals(List.of("web is still registered, loaded, with an image", "db is still registered, ready",
            "pool pages neither free nor a running instance's: " + P.describe(web(loaded).memory().union(db(loaded).memory()))),
            notClean(loaded));
        MkState clean = MkState.init(P);
        assertEquals(List.of("the host crashed at gen_pool_destroy"),
            notClean(new MkState(clean.poolFree(), List.of(), Optional.empty(), List.of(), clean.online(), false, Optional.empty(),
                Optional.of("gen_pool_destroy"))));
        assertEquals(List.of("system_transition_mutex is held"), notClean(clean.withRebootLockHeld(true)));
        assertEquals(List.of("a plain kexec image is loaded"),
            notClean(clean.withPlain(Optional.of(new PlainImage(List.of(new Range(P.ram().first(), 1)))))));
        Range lost = new Range(P.pool().first(), 1);
        assertEquals(List.of("pool pages neither free nor a running instance's: " + P.describe(RangeSet.of(lost))),
            notClean(clean.withPoolFree(clean.poolFree().minus(RangeSet.of(lost)))));
        Instance freed = web(loaded).withImage(Optional.of(new Image(1, List.of(), List.of(), false)), RangeSet.EMPTY)
            .withState(Lifecycle.LOADING);
        assertTrue(notClean(loaded.withInstance(freed)).contains("web is still registered, loading, with a freed kimage"));
    }
}
