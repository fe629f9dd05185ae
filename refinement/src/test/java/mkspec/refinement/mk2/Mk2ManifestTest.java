package mkspec.refinement.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.Spawn;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.refinement.Results;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Catalogue;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2LoadFault;
import mkspec.spec.mk2.action.Mk2ManifestSize;
import mkspec.spec.mk2.action.Mk2Op;
import mkspec.spec.mk2.model.Mk2Instance;
import mkspec.spec.mk2.model.Mk2Manifest;
import mkspec.spec.mk2.model.Mk2Restored;
import mkspec.spec.mk2.model.Mk2Spawn;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Result;
import org.junit.jupiter.api.Test;

/**
 * The manifest exec writes: the reference's bytes (libfdt's sequential writer, byte for byte) against the spec's
 * account of its size and meaning, the limits and their errnos, and what the spawned kernel restores from it.
 */
class Mk2ManifestTest {
    static final Mk2Bounds B = Mk2Bounds.defaults();

    static Mk2Machine machine(Mk2Profile p) {
        Mk2Machine m = new Mk2Machine(Mk2ReferenceSystem.config(B), p);
        run(m, Mk2Catalogue.actions(B).get(0));
        return m;
    }

    static Result run(Mk2Machine m, Mk2Action a) {
        StepResult r = Mk2Calls.run(m, a);
        return Results.toSpec(r);
    }

    static Mk2Action create(String name, long hostTree) {
        return new Mk2Action.OverlayWrite(List.of(new Mk2Op.Create(name, 1, 1, List.of(1L), false, hostTree)));
    }

    static final Mk2Action LOAD = new Mk2Action.Load(1, List.of(1L), Mk2LoadFault.NONE, false);
    static final Mk2Action EXEC = new Mk2Action.Exec(1, true);

    /** The record named by id 1 in the abstraction of {@code m}. */
    static Mk2Instance one(Mk2State s) {
        return s.byId(1).orElseThrow();
    }

    @Test
    void theSpecsSizeOfEachBootTreeIsTheBytesTheWriterLeavesAndTheLimitFallsWhereBothSayItDoes() {
        int checked = 0;
        for (long hostTree : new long[] {0, 1, 6000}) {
            for (int len : new int[] {1, 5, 300, 9000, 9100, 9200, 9300, 15000, 16200, 16300, 16400}) {
                Mk2Machine m = machine(Mk2Profile.FIXED);
                assertEquals(Result.OK, run(m, create("n".repeat(len), hostTree)), len + "/" + hostTree);
                assertEquals(Result.OK, run(m, LOAD));
                Mk2State abs = Mk2Abstraction.of(m);
                long spec = Mk2ManifestSize.bootTreeBytes(abs, one(abs), 3);
                List<Errno> outcomes = Mk2ManifestSize.finalizeOutcomes(abs, one(abs));
                assertEquals(1, outcomes.size());
                Result r = run(m, EXEC);
                KImage image = m.host().images.values().iterator().next();
                if (outcomes.get(0) == null) {
                    assertEquals(Result.OK, r, len + "/" + hostTree);
                    assertEquals(spec, FdtRo.fdt_totalsize(FdtView.of(image.manifestPage)), len + "/" + hostTree);
                    assertTrue(spec <= Mk2ManifestSize.MANIFEST_SIZE);
                } else {
                    assertEquals(Result.err(Errno.ENOSPC), r, len + "/" + hostTree);
                    assertTrue(spec > Mk2ManifestSize.MANIFEST_SIZE, len + "/" + hostTree + ": " + spec);
                }
                checked++;
            }
        }
        assertEquals(33, checked);
    }

    /** The spec's size of the boot tree of an instance named by {@code len} 'n's, after its load. */
    static Mk2Machine loadedWithName(int len) {
        Mk2Machine m = machine(Mk2Profile.FIXED);
        run(m, create("n".repeat(len), 0));
        run(m, LOAD);
        return m;
    }

    static long specBytes(Mk2Machine m) {
        Mk2State s = Mk2Abstraction.of(m);
        return Mk2ManifestSize.bootTreeBytes(s, one(s), 3);
    }

    @Test
    void theLongestNameWhoseBootTreeFitsExecsAndOneByteMoreIsEnospc() {
        int len = 1 + (int) (Mk2ManifestSize.MANIFEST_SIZE - specBytes(loadedWithName(1)));
        while (specBytes(loadedWithName(len)) > Mk2ManifestSize.MANIFEST_SIZE) {
            len--;
        }
        Mk2Machine fits = loadedWithName(len);
        long bytes = specBytes(fits);
        assertTrue(bytes > Mk2ManifestSize.MANIFEST_SIZE - 4, "within a word of the limit: " + bytes);
        assertEquals(Result.OK, run(fits, EXEC), "name of " + len);
        KImage image = fits.host().images.values().iterator().next();
        assertEquals(bytes, FdtRo.fdt_totalsize(FdtView.of(image.manifestPage)));
        Mk2Machine over = loadedWithName(len + 1);
        assertTrue(specBytes(over) > Mk2ManifestSize.MANIFEST_SIZE);
        assertEquals(Result.err(Errno.ENOSPC), run(over, EXEC), "name of " + (len + 1));
    }

    @Test
    void theKeptHostTreeMayTakeEightKibHeaderAndNamesIncludedSoItsCpusAtMost8092Bytes() {
        assertEquals(8189, Mk2ManifestSize.storedHostTree(8092));
        for (long n : new long[] {8092, 8093}) {
            Mk2Machine m = machine(Mk2Profile.FIXED);
            Mk2Action create = create("web", n);
            Result spec = mkspec.spec.mk2.action.Mk2Next.steps(B.platform(), Mk2Abstraction.of(m), create,
                mkspec.spec.mk2.action.Mk2Choice.CANONICAL).get(0).result();
            Result ref = run(m, create);
            assertEquals(n == 8092 ? Result.OK : Result.err(Errno.EINVAL), ref, "host tree of " + n);
            assertEquals(ref, spec, "host tree of " + n);
            if (n == 8092) {
                assertEquals(8189, m.host().records.values().iterator().next().hostTree.length);
            }
        }
    }

    @Test
    void theSpawnedKernelIsToldItsRecordAndRestoresItselfAsIt() {
        Mk2Machine m = machine(Mk2Profile.FIXED);
        run(m, new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 0))));
        run(m, LOAD);
        assertEquals(Result.OK, run(m, EXEC));
        Mk2Spawn k = Mk2Abstraction.of(m).spawns().get(0);
        Mk2Instance web = one(Mk2Abstraction.of(m));
        assertEquals(new Mk2Manifest.Told(1, "web", CpuSet.of(1), web.regions().get(0).pages().first(),
            B.instancePages()), k.manifest());
        assertEquals(Optional.of(new Mk2Restored(1, "web", CpuSet.of(1), true)), k.self());
    }

    @Test
    void withN20AnExecWhoseManifestDoesNotFitSpawnsAKernelThatRestoresItselfAsAHost() {
        Mk2Machine m = machine(Mk2Profile.select("fixed", List.of("N20")));
        run(m, create(Mk2Catalogue.BIG_NAME, Mk2Catalogue.BIG_HOST_TREE));
        run(m, LOAD);
        assertEquals(Result.OK, run(m, EXEC));
        Mk2Spawn k = Mk2Abstraction.of(m).spawns().get(0);
        assertInstanceOf(Mk2Manifest.Unfinished.class, k.manifest());
        assertEquals(Optional.of(new Mk2Restored(0, "", CpuSet.of(1), true)), k.self());
        Mk2Machine fixed = machine(Mk2Profile.FIXED);
        run(fixed, create(Mk2Catalogue.BIG_NAME, Mk2Catalogue.BIG_HOST_TREE));
        run(fixed, LOAD);
        assertEquals(Result.err(Errno.ENOSPC), run(fixed, EXEC));
        assertTrue(Mk2Abstraction.of(fixed).spawns().isEmpty());
    }

    @Test
    void withN19ASpawnedKernelFreesItsOwnRecordAndFixedRefuses() {
        for (Mk2Profile p : List.of(Mk2Profile.select("fixed", List.of("N19")), Mk2Profile.FIXED)) {
            Mk2Machine m = machine(p);
            run(m, new Mk2Action.OverlayWrite(List.of(Mk2Catalogue.create(B, 0))));
            run(m, LOAD);
            run(m, EXEC);
            Result r = run(m, new Mk2Action.SpawnRemovesSelf(1));
            Spawn s = m.spawnWithId(1);
            boolean fixed = p.errata().isEmpty();
            assertEquals(fixed ? Result.err(Errno.EBUSY) : Result.OK, r, p.name());
            assertEquals(fixed, s.selfAlive(), p.name());
            assertEquals(!fixed, s.kernel().records.values().stream().noneMatch(i -> i.name.equals("web")));
        }
    }

    @Test
    void aManifestListingMoreThanEightyReservedRangesIsE2bigForTheSpecAndTheReference() {
        int n = 40;
        Mk2Machine m = new Mk2Machine(new Mk2Machine.Config(Mk2Bounds.PAGE_SIZE, n + 2, Mk2Bounds.RAM_FIRST_PFN, 512),
            Mk2Profile.FIXED);
        List<Long> cpus = new ArrayList<>();
        for (long c = 1; c <= n; c++) {
            cpus.add(c);
        }
        assertEquals(Result.OK, run(m, new Mk2Action.BaselineWrite(cpus, List.of((long) 2 * n))));
        Result last = null;
        for (int k = 1; k <= n; k++) {
            run(m, new Mk2Action.OverlayWrite(List.of(new Mk2Op.Create("i" + k, k, 1, List.of((long) k), false, 0))));
            assertEquals(Result.OK, run(m, new Mk2Action.Load(k, List.of(1L), Mk2LoadFault.NONE, false)), "load " + k);
            Mk2State abs = Mk2Abstraction.of(m);
            List<Errno> spec = Mk2ManifestSize.finalizeOutcomes(abs, abs.byId(k).orElseThrow());
            last = run(m, new Mk2Action.Exec(k, true));
            assertEquals(List.of(last == Result.OK ? "ok" : ((Result.Err) last).errno().name()),
                spec.stream().map(e -> e == null ? "ok" : e.name()).toList(), "exec " + k);
        }
        // 3 ranges of its own and 2 for each of the 39 others running: 81
        assertEquals(Result.err(Errno.E2BIG), last);
    }
}
