package mkspec.spec.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2Choice;
import mkspec.spec.mk2.action.Mk2LoadFault;
import mkspec.spec.mk2.action.Mk2ManifestSize;
import mkspec.spec.mk2.action.Mk2Next;
import mkspec.spec.mk2.action.Mk2Op;
import mkspec.spec.mk2.invariant.Mk2Invariant;
import mkspec.spec.mk2.invariant.Mk2Invariants;
import mkspec.spec.mk2.invariant.Mk2StepInvariant;
import mkspec.spec.mk2.model.Mk2Image;
import mkspec.spec.mk2.model.Mk2Instance;
import mkspec.spec.mk2.model.Mk2Lifecycle;
import mkspec.spec.mk2.model.Mk2Manifest;
import mkspec.spec.mk2.model.Mk2Restored;
import mkspec.spec.mk2.model.Mk2Platform;
import mkspec.spec.mk2.model.Mk2Spawn;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.mk2.model.Mk2Tx;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every mk2 invariant fails on a state or step built by hand to break it, and the others hold there: none holds
 * vacuously. The states start from ones the spec reaches (web created, loaded, running) and change one thing.
 */
class Mk2InvariantsTest {
    static final Mk2Bounds B = Mk2Bounds.defaults();
    static final Mk2Platform P = B.platform();
    static final Mk2Invariants INV = new Mk2Invariants(P);
    static final Mk2Action BASELINE = Mk2Catalogue.actions(B).get(0);
    static Mk2State created;
    static Mk2State loaded;
    static Mk2State running;

    static Mk2State step(Mk2State s, Mk2Action a) {
        Mk2Next.Step st = Mk2Next.steps(P, s, a, Mk2Choice.CANONICAL).get(0);
        assertEquals(Result.OK, st.result(), a.op());
        return st.next();
    }

    @BeforeAll
    static void reach() {
        Mk2State s = step(Mk2State.init(P), BASELINE);
        created = step(s, new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 0))));
        loaded = step(created, new Mk2Action.Load(1, List.of(1L), Mk2LoadFault.NONE, false));
        running = step(loaded, new Mk2Action.Exec(1, true));
    }

    static Set<String> failing(Mk2State s) {
        Set<String> out = new TreeSet<>();
        for (Mk2Invariant inv : INV.stateInvariants()) {
            if (inv.check(s) != Verdict.HOLDS) {
                out.add(inv.id());
            }
        }
        return out;
    }

    static Set<String> failing(Mk2State pre, Mk2Action a, Result r, Mk2State post) {
        Set<String> out = new TreeSet<>();
        for (Mk2StepInvariant inv : INV.stepInvariants()) {
            if (inv.check(pre, a, r, post) != Verdict.HOLDS) {
                out.add(inv.id());
            }
        }
        return out;
    }

    static Mk2Instance web(Mk2State s) {
        return s.byName("web").orElseThrow();
    }

    static Mk2State with(Mk2State s, Mk2Instance i) {
        List<Mk2Instance> is = new ArrayList<>();
        for (Mk2Instance x : s.instances()) {
            is.add(x.serial() == i.serial() ? i : x);
        }
        return new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), is, s.images(), s.txs(),
            s.nextTx(), s.hostPages(), s.spawns(), s.pendingHalted(), s.bug());
    }

    static Mk2State withImages(Mk2State s, List<Mk2Image> images, long hostPages) {
        return new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), s.instances(), images,
            s.txs(), s.nextTx(), hostPages, s.spawns(), s.pendingHalted(), s.bug());
    }

    @Test
    void reachableStatesHoldEveryInvariant() {
        for (Mk2State s : List.of(Mk2State.init(P), created, loaded, running)) {
            assertEquals(Set.of(), failing(s));
        }
    }

    @Test
    void aCrashBreaksKernelAlive() {
        Mk2State s = new Mk2State(loaded.poolExists(), loaded.chunks(), loaded.free(), loaded.freeCpus(),
            loaded.hostCpus(), loaded.instances(), loaded.images(), loaded.txs(), loaded.nextTx(), loaded.hostPages(),
            loaded.spawns(), loaded.pendingHalted(), Optional.of("gen_pool_destroy BUG_ON(bit < end_bit)"));
        assertEquals(Set.of("kernel-alive"), failing(s));
    }

    @Test
    void aDanglingKimageBreaksLifecycleConsistent() {
        // the image is gone but web still points at it, holds its reference and its segment pages
        Mk2State s = withImages(loaded, List.of(), 0);
        assertTrue(failing(s).contains("lifecycle-consistent"));
    }

    @Test
    void loadedWithoutImageBreaksLifecycleConsistent() {
        assertEquals(Set.of("lifecycle-consistent"), failing(with(created, web(created).withState(Mk2Lifecycle.LOADED))));
    }

    @Test
    void anExtraReferenceBreaksRefcountConsistent() {
        assertEquals(Set.of("refcount-consistent"), failing(with(created, web(created).withRefs(3))));
    }

    @Test
    void aLoadedInstanceNoLongerPublishedBreaksImagesReachable() {
        // N3's end state: the destroy unpublished web and dropped its two references while the load held the third
        Mk2Instance w = web(loaded);
        Mk2Instance gone = new Mk2Instance(w.serial(), w.name(), w.id(), w.state(), false, false, 1, w.cpus(),
            w.regions(), w.poolChunks(), w.used(), w.kimage(), w.hostTreeBytes());
        assertEquals(Set.of("images-reachable"), failing(with(loaded, gone)));
    }

    @Test
    void overlappingSegmentsBreakSegmentsDisjoint() {
        Mk2Image img = loaded.images().get(0);
        Mk2Image twin = new Mk2Image(2, 0, true, true, img.segments(), 0);
        assertTrue(failing(withImages(loaded, List.of(img, twin), loaded.hostPages())).contains("segments-disjoint"));
    }

    @Test
    void aSegmentOutsideItsPoolBreaksSegmentsInsideInstance() {
        Mk2Image img = loaded.images().get(0);
        RangeSet outside = RangeSet.of(P.ram().first(), 1);
        Mk2Image moved = new Mk2Image(img.serial(), img.instance(), false, true, outside, img.hostPages());
        assertTrue(failing(withImages(loaded, List.of(moved), loaded.hostPages())).contains("segments-inside-instance"));
    }

    @Test
    void anAllocationWithoutSegmentBreaksNoPoolLeak() {
        Mk2Instance w = web(created);
        assertEquals(Set.of("no-pool-leak"), failing(with(created, w.withUsed(RangeSet.of(w.poolChunks().first(), 1)))));
    }

    @Test
    void memoryFreeInThePoolBreaksInstancesDisjoint() {
        Mk2Instance w = web(created);
        Mk2State s = new Mk2State(created.poolExists(), created.chunks(), created.free().union(w.memory()),
            created.freeCpus(), created.hostCpus(), created.instances(), created.images(), created.txs(),
            created.nextTx(), created.hostPages(), created.spawns(), created.pendingHalted(), created.bug());
        assertEquals(Set.of("instances-disjoint"), failing(s));
    }

    @Test
    void aPoolChunkThatIsNoRegionBreaksInstancesDisjoint() {
        Mk2Instance w = web(created);
        assertTrue(failing(with(created, w.withRegions(List.of()))).contains("instances-disjoint"));
    }

    @Test
    void anAllocatedPageNobodyOwnsBreaksPoolConserved() {
        Mk2State s = new Mk2State(created.poolExists(), created.chunks(), created.free().minus(
            RangeSet.of(created.free().first(), 1)), created.freeCpus(), created.hostCpus(), created.instances(),
            created.images(), created.txs(), created.nextTx(), created.hostPages(), created.spawns(),
            created.pendingHalted(), created.bug());
        assertEquals(Set.of("pool-conserved"), failing(s));
    }

    @Test
    void aCpuWithTwoOwnersBreaksCpuSingleOwner() {
        Mk2State s = new Mk2State(created.poolExists(), created.chunks(), created.free(), created.freeCpus().with(1),
            created.hostCpus(), created.instances(), created.images(), created.txs(), created.nextTx(),
            created.hostPages(), created.spawns(), created.pendingHalted(), created.bug());
        assertEquals(Set.of("cpu-single-owner"), failing(s));
    }

    @Test
    void aRunningKernelOnAReadyInstanceBreaksRunningProtected() {
        assertTrue(failing(with(running, web(running).withState(Mk2Lifecycle.READY))).contains("running-protected"));
    }

    @Test
    void aLeakedHostPageBreaksNoHostPageLeak() {
        assertEquals(Set.of("no-host-page-leak"), failing(withImages(loaded, loaded.images(), loaded.hostPages() + 3)));
    }

    @Test
    void anIdKexecCannotAddressBreaksIdsLoadable() {
        Mk2Instance w = web(created);
        Mk2Instance far = new Mk2Instance(w.serial(), w.name(), 2049, w.state(), true, true, w.refs(), w.cpus(),
            w.regions(), w.poolChunks(), w.used(), 0, 0);
        assertEquals(Set.of("ids-loadable"), failing(with(created, far)));
    }

    @Test
    void aFailedLoadThatChangesTheStateBreaksFailedOpAtomic() {
        Mk2Action load = new Mk2Action.Load(1, List.of(1L), Mk2LoadFault.BAD_KERNEL, false);
        assertEquals(Set.of("failed-op-atomic"), failing(created, load, Result.err(Errno.ENOEXEC), loaded));
        assertEquals(Set.of(), failing(created, load, Result.err(Errno.ENOEXEC), created));
    }

    @Test
    void aFailedBaselineThatGrewThePoolBreaksBaselineAtomic() {
        Mk2State init = Mk2State.init(P);
        Mk2State grown = step(init, BASELINE);
        assertEquals(Set.of("baseline-atomic"), failing(init, BASELINE, Result.err(Errno.EBUSY), grown));
    }

    @Test
    void aFailedOverlayThatLeftAnInstanceBreaksOverlayAtomic() {
        Mk2Action both = new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 1), Mk2Catalogue.create(B, 0)));
        Mk2State withDb = step(step(Mk2State.init(P), BASELINE),
            new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 1))));
        Mk2State partial = step(withDb, new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 0))));
        assertTrue(failing(withDb, both, Result.err(Errno.EEXIST), partial).contains("overlay-atomic"));
    }

    @Test
    void successForAFailedApplyBreaksWriteReportsResult() {
        Mk2State pre = step(Mk2State.init(P), BASELINE);
        Mk2Action create = new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 0)));
        List<Mk2Tx> txs = List.of(new Mk2Tx(pre.nextTx(), false, List.of()));
        Mk2State post = new Mk2State(pre.poolExists(), pre.chunks(), pre.free(), pre.freeCpus(), pre.hostCpus(),
            pre.instances(), pre.images(), txs, pre.nextTx() + 1, pre.hostPages(), pre.spawns(), pre.pendingHalted(),
            pre.bug());
        assertEquals(Set.of("write-reports-result"), failing(pre, create, Result.OK, post));
    }

    @Test
    void aRollbackDestroyingAnotherTransactionsInstanceBreaksRollbackExact() {
        Mk2Tx tx = created.txs().get(0);
        Mk2Tx foreign = new Mk2Tx(tx.id(), true, List.of(new Mk2Tx.Effect.Created(-1)));
        Mk2State pre = new Mk2State(created.poolExists(), created.chunks(), created.free(), created.freeCpus(),
            created.hostCpus(), created.instances(), created.images(), List.of(foreign), created.nextTx(),
            created.hostPages(), created.spawns(), created.pendingHalted(), created.bug());
        Mk2State post = step(pre, new Mk2Action.OverlayWrite(List.of(new Mk2Op.Remove("web"))));
        assertEquals(Set.of("rollback-exact"), failing(pre, new Mk2Action.RmdirTx(tx.id()), Result.OK, post));
    }

    @Test
    void unloadingARunningInstanceBreaksUnloadProtected() {
        assertEquals(Set.of("unload-protected"), failing(running, new Mk2Action.Unload(1), Result.OK, created));
    }

    @Test
    void anInstanceWithoutItsCpusBreaksInstanceAsRequested() {
        Mk2State pre = step(Mk2State.init(P), BASELINE);
        Mk2Action create = new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 0)));
        Mk2State post = with(created, web(created).withCpus(CpuSet.EMPTY));
        assertEquals(Set.of("instance-as-requested"), failing(pre, create, Result.OK, post));
    }

    @Test
    void theSpawnedKernelsMemoryTakenAwayBreaksRunningProtected() {
        Mk2Spawn k = running.spawns().get(0);
        Mk2Spawn more = k.withMemory(k.memory().union(new Range(P.ram().first(), 1)));
        assertEquals(Set.of("running-protected"), failing(withSpawn(running, more)));
    }

    static Mk2State withSpawn(Mk2State s, Mk2Spawn k) {
        return new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), s.instances(),
            s.images(), s.txs(), s.nextTx(), s.hostPages(), List.of(k), s.pendingHalted(), s.bug());
    }

    static Mk2Spawn withManifest(Mk2Spawn k, Mk2Manifest m) {
        return new Mk2Spawn(k.instance(), k.id(), k.image(), k.cpus(), k.memory(), k.name(), m, k.self());
    }

    @Test
    void aSpawnTellsItsRecordAndRestoresItselfAsIt() {
        Mk2Spawn k = running.spawns().get(0);
        assertEquals(new Mk2Manifest.Told(1, "web", k.cpus(), web(running).regions().get(0).pages().first(),
            web(running).memory().size()), k.manifest());
        assertEquals(Optional.of(new Mk2Restored(1, "web", k.cpus(), true)), k.self());
    }

    @Test
    void aSpawnFromAnUnfinishedManifestBreaksManifestFitsAndWellFormed() {
        Mk2Spawn k = withManifest(running.spawns().get(0), new Mk2Manifest.Unfinished());
        assertEquals(Set.of("manifest-fits", "manifest-well-formed"), failing(withSpawn(running, k)));
    }

    @Test
    void aSpawnFromAMalformedManifestBreaksManifestWellFormed() {
        Mk2Spawn k = withManifest(running.spawns().get(0), new Mk2Manifest.Malformed());
        assertEquals(Set.of("manifest-well-formed"), failing(withSpawn(running, k)));
    }

    @Test
    void aSpawnThatRestoredItselfAsAHostBreaksRestoreFaithful() {
        Mk2Spawn k = running.spawns().get(0);
        Mk2Spawn host = k.withSelf(Optional.of(new Mk2Restored(0, "", CpuSet.of(k.cpus().first()), true)));
        assertEquals(Set.of("restore-faithful"), failing(withSpawn(running, host)));
        assertEquals(Set.of("restore-faithful"), failing(withSpawn(running, k.withSelf(Optional.empty()))));
    }

    @Test
    void aSpawnThatFreedItsOwnRecordBreaksSelfRecordAlive() {
        Mk2Spawn k = running.spawns().get(0);
        Mk2Spawn freed = k.withSelf(Optional.of(k.self().get().freed()));
        assertEquals(Set.of("self-record-alive"), failing(withSpawn(running, freed)));
    }

    @Test
    void theSpawnRemovingItsOwnRecordIsRefused() {
        List<Mk2Next.Step> st = Mk2Next.steps(P, running, new Mk2Action.SpawnRemovesSelf(1), Mk2Choice.CANONICAL);
        assertEquals(List.of(new Mk2Next.Step(running, Result.err(Errno.EBUSY))), st);
    }

    @Test
    void anExecWhoseManifestOutgrowsItsPagesFailsWithEnospc() {
        Mk2Op.Create big = new Mk2Op.Create(Mk2Catalogue.BIG_NAME, -1, 1, List.of(3L), false,
            Mk2Catalogue.BIG_HOST_TREE);
        Mk2State s = step(step(Mk2State.init(P), BASELINE), new Mk2Action.OverlayWrite(List.of(big)));
        s = step(s, new Mk2Action.Load(1, List.of(1L), Mk2LoadFault.NONE, false));
        assertEquals(17_649, Mk2ManifestSize.bootTreeBytes(s, s.byId(1).orElseThrow(), 3));
        List<Mk2Next.Step> st = Mk2Next.steps(P, s, new Mk2Action.Exec(1, true), Mk2Choice.CANONICAL);
        assertEquals(List.of(new Mk2Next.Step(s, Result.err(Errno.ENOSPC))), st);
    }

    static List<String> notClean(Mk2State s) {
        Verdict v = INV.cleanMachine().check(s);
        return v.holds() ? List.of() : ((Verdict.Violated) v).details();
    }

    @Test
    void aCleanMachineIsOneWhereOnlyRunningKernelsHoldAnything() {
        assertEquals(List.of(), notClean(Mk2State.init(P)));
        assertEquals(List.of(), notClean(step(Mk2State.init(P), BASELINE)));
        assertEquals(List.of(), notClean(running));
    }

    @Test
    void cleanMachineNamesEachThingThatKeepsAStateFromBeingClean() {
        List<String> why = notClean(loaded);
        assertEquals(4, why.size(), why.toString());
        assertTrue(why.get(0).startsWith("web (id 1) is still there, "), why.toString());
        assertEquals("kimage 1 is still loaded", why.get(1));
        assertTrue(why.get(2).startsWith("pool pages neither free nor a running kernel's: 0x"), why.toString());
        assertTrue(why.get(3).startsWith("CPUs neither the host's, the pool's nor a running kernel's: "), why.toString());
        Mk2State r = running;
        Mk2State broken = new Mk2State(r.poolExists(), r.chunks(), r.free(), r.freeCpus(), r.hostCpus(), r.instances(),
            r.images(), r.txs(), r.nextTx(), r.hostPages() + 3, r.spawns(), List.of(1), Optional.of("BUG at kimage_free"));
        assertEquals(List.of("the host hit BUG at kimage_free",
            "kexec holds " + (r.hostPages() + 3) + " host pages, its kimages " + r.hostPages(),
            "MK_SYS_HALTED for [1] is not handled yet"), notClean(broken));
    }
}
