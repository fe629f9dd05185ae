package mkspec.traces.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.Mk2TraceFormat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The mk2 corpus: every trace replays as recorded; every defect has a reproducer whose last step breaks an invariant
 * and a fixed twin, the same steps, where nothing breaks and the refinement holds; the format reads back what it
 * writes and refuses what the model cannot take with a position.
 */
class Mk2CorpusTest {
    static final Path CORPUS = Path.of("corpus", "mk2");

    static List<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static Mk2Trace read(Path p) {
        Mk2TraceFormat.Read r = Mk2TraceFormat.read(p);
        return assertInstanceOf(Mk2TraceFormat.Read.Accepted.class, r, r::toString).trace();
    }

    @TestFactory
    Stream<DynamicTest> everyMk2CorpusTraceReplaysAsRecorded() throws IOException {
        return corpus().stream().map(p -> DynamicTest.dynamicTest(CORPUS.relativize(p).toString(), () -> {
            assertTrue(Mk2TraceFormat.isMk2(Files.readString(p)), p.toString());
            Mk2Replayer.Replay r = Mk2Replayer.replay(read(p));
            assertTrue(r.agrees(), () -> r.difference().orElse(r.problems().toString()));
        }));
    }

    @Test
    void everyDefectHasAReproducerAndAFixedTwinThatHolds() throws IOException {
        for (Mk2Erratum e : Mk2Erratum.values()) {
            String id = e.name().toLowerCase(java.util.Locale.ROOT);
            Path twin = CORPUS.resolve("errata").resolve(id + "-fixed.yaml");
            List<Path> repro = corpus().stream().filter(p -> p.getFileName().toString().startsWith(id + "-")
                && !p.equals(twin)).toList();
            assertEquals(1, repro.size(), "one reproducer for " + e + ": " + repro);
            Mk2Trace r = read(repro.get(0));
            Mk2Trace f = read(twin);
            assertEquals(List.of(e.name()), r.errata());
            assertFalse(r.steps().get(r.steps().size() - 1).violations().isEmpty(), e + "'s reproducer breaks nothing");
            assertEquals(r.steps().stream().map(Mk2Trace.Step::action).toList(),
                f.steps().stream().map(Mk2Trace.Step::action).toList(), e + ": the twin takes other steps");
            assertTrue(f.errata().isEmpty() && f.steps().stream().allMatch(s -> s.violations().isEmpty()),
                e + "'s fixed twin breaks something");
            assertTrue(Mk2Replayer.replay(f).refinementChecked());
        }
    }

    @Test
    void eachRaceReproducerIsTheThreadedCheckersShortestScheduleAndNamesEveryStepsThread() throws IOException {
        for (Mk2Erratum e : Mk2Erratum.values()) {
            if (!e.race()) {
                continue;
            }
            String id = e.name().toLowerCase(java.util.Locale.ROOT);
            Path repro = corpus().stream().filter(p -> p.getFileName().toString().startsWith(id + "-")
                && !p.getFileName().toString().equals(id + "-fixed.yaml")).findFirst().orElseThrow();
            Mk2Trace t = read(repro);
            assertTrue(t.steps().stream().allMatch(s -> s.thread() != 0), repro + " names no thread on some step");
            mkspec.spec.mk2.Mk2Bounds b = mkspec.spec.mk2.Mk2Bounds.defaults().with(t.bounds().entrySet().stream()
                .map(x -> new String[] {x.getKey(), x.getValue()}).toList());
            assertEquals(2, b.threads());
            var sys = new mkspec.refinement.mk2.Mk2ThreadedSystem(b, mkspec.reference.mk2.Mk2Profile.select("fixed",
                t.errata()), null, false);
            var r = mkspec.spec.check.ModelChecker.check(sys, mkspec.spec.check.CheckOptions.defaults().withWorkers(2));
            var v = assertInstanceOf(mkspec.spec.check.CheckResult.Violated.class, r, r::toString);
            List<String> schedule = new java.util.ArrayList<>();
            var pre = ((mkspec.spec.check.Trace<mkspec.refinement.mk2.Mk2ThreadedSystem.TState,
                mkspec.refinement.mk2.Mk2ThreadedSystem.Move, ?>) v.trace()).initial();
            for (var st : ((mkspec.spec.check.Trace<mkspec.refinement.mk2.Mk2ThreadedSystem.TState,
                mkspec.refinement.mk2.Mk2ThreadedSystem.Move, ?>) v.trace()).steps()) {
                schedule.add((st.action().thread() + 1) + " " + mkspec.spec.mk2.Mk2Labels.label(sys.call(pre, st.action())));
                pre = st.state();
            }
            assertEquals(schedule, t.steps().stream().map(s -> s.thread() + " " + s.action()).toList(), e.name());
        }
    }

    @Test
    void aThreadedStepMustNameTheCallItsThreadIsInside() {
        String trace = "mkspec-trace: 1\nkernel: mk2\nname: other-call\nprofile: fixed\nerrata: [N3]\nsteps:\n"
            + "  - thread: 1\n    step: 'baseline-write(cpus=1,2,3,4, memory=6 pages)'\n"
            + "  - thread: 1\n    step: 'overlay-write(instance-create web id=1 pages=2 cpus=1)'\n"
            + "  - thread: 1\n    step: 'kexec-file-load(id=1, pages=1)'\n"
            + "  - thread: 1\n    step: 'kexec-file-unload(id=1)'\n";
        Mk2TraceFormat.Read r = Mk2TraceFormat.read(trace, "t.yaml");
        Mk2Replayer.Replay replay = Mk2Replayer.replay(assertInstanceOf(Mk2TraceFormat.Read.Accepted.class, r).trace());
        assertTrue(replay.difference().orElseThrow().contains("thread 1 is inside kexec-file-load(id=1, pages=1)"),
            replay.difference()::toString);
    }

    @Test
    void aSectionThatDoesNotEndItsCallReturnsNothingToExpect() {
        String trace = "mkspec-trace: 1\nkernel: mk2\nname: goes-on\nprofile: fixed\nerrata: [N16]\nsteps:\n"
            + "  - thread: 1\n    step: 'baseline-write(cpus=1,2,3,4, memory=6 pages)'\n"
            + "  - thread: 1\n    step: 'overlay-write(instance-create web id=1 pages=2 cpus=1)'\n"
            + "  - thread: 1\n    step: 'kexec-file-load(id=1, pages=1)'\n"
            + "  - thread: 1\n    step: 'kexec-file-unload(id=1)'\n    expect: ok\n";
        Mk2Replayer.Replay replay = Mk2Replayer.replay(assertInstanceOf(Mk2TraceFormat.Read.Accepted.class,
            Mk2TraceFormat.read(trace, "t.yaml")).trace());
        assertTrue(replay.difference().orElseThrow().contains("did not return (the call goes on)"),
            replay.difference()::toString);
    }

    @Test
    void aThreadOutsideOneToThreeIsAPositionedProblem() {
        String trace = "mkspec-trace: 1\nkernel: mk2\nname: t4\nsteps:\n  - thread: 4\n    step: 'halted-work'\n";
        Mk2TraceFormat.Read r = Mk2TraceFormat.read(trace, "t.yaml");
        Mk2TraceFormat.Read.Rejected rj = assertInstanceOf(Mk2TraceFormat.Read.Rejected.class, r);
        assertEquals("t.yaml:5:13: thread: expected a thread from 1 to 3, found 4", rj.problems().get(0).render());
    }

    @Test
    void theStuckReproducerIsTheShortestPathTheCheckerFindsIntoAStateNobodyCanLeave() {
        Mk2Trace t = read(CORPUS.resolve("recoverable").resolve("stuck-n9.yaml"));
        List<String[]> assignments = t.bounds().entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()})
            .toList();
        mkspec.spec.mk2.Mk2Bounds b = mkspec.spec.mk2.Mk2Bounds.defaults().with(assignments);
        mkspec.spec.check.CheckResult<?, ?, ?> r = mkspec.spec.check.ModelChecker.check(
            new mkspec.refinement.mk2.Mk2ReferenceSystem(b, mkspec.reference.mk2.Mk2Profile.select("fixed", t.errata()),
                java.util.Set.of(), false),
            mkspec.spec.check.CheckOptions.defaults().withWorkers(2).withRecoverability(true));
        mkspec.spec.check.CheckResult.Unrecoverable<?, ?, ?> u =
            assertInstanceOf(mkspec.spec.check.CheckResult.Unrecoverable.class, r, r::toString);
        assertEquals(u.trace().labels(), t.steps().stream().map(Mk2Trace.Step::action).toList());
        assertEquals(List.of(), read(CORPUS.resolve("recoverable").resolve("stuck-n9-fixed.yaml")).errata());
    }

    @Test
    void aWrittenTraceReadsBackToTheSameSteps() throws IOException {
        for (Path p : corpus()) {
            Mk2Trace t = read(p);
            Mk2TraceFormat.Read again = Mk2TraceFormat.read(Mk2TraceFormat.write(t), "again");
            Mk2Trace u = assertInstanceOf(Mk2TraceFormat.Read.Accepted.class, again).trace();
            assertEquals(t.steps().stream().map(s -> List.of(s.thread(), s.action(), s.result(), s.violations())).toList(),
                u.steps().stream().map(s -> List.of(s.thread(), s.action(), s.result(), s.violations())).toList(),
                p.toString());
            assertEquals(t.bounds(), u.bounds());
            assertEquals(t.errata(), u.errata());
        }
    }

    @Test
    void whatTheModelCannotTakeIsAPositionedProblem() {
        String head = "mkspec-trace: 1\nkernel: mk2\nname: bad\n";
        Mk2TraceFormat.Read unknown = Mk2TraceFormat.read(head + "colour: red\nsteps: []\n", "t.yaml");
        assertTrue(unknown.toString().contains("unknown key 'colour'"), unknown.toString());
        Mk2Trace badStep = ((Mk2TraceFormat.Read.Accepted) Mk2TraceFormat.read(head
            + "steps:\n  - step: 'fly(id=1)'\n", "t.yaml")).trace();
        Mk2Replayer.Replay r = Mk2Replayer.replay(badStep);
        assertEquals("bad:5:5: step: unknown mk2 op 'fly'", r.problems().get(0).render().split(" \\(known")[0]);
        Mk2Trace badBound = ((Mk2TraceFormat.Read.Accepted) Mk2TraceFormat.read(head
            + "bounds: {instances: 9}\nsteps: []\n", "t.yaml")).trace();
        assertTrue(Mk2Replayer.replay(badBound).problems().get(0).render().startsWith("bad:4:1: bounds: instances must be"),
            Mk2Replayer.replay(badBound).problems().toString());
        Mk2Trace badErratum = ((Mk2TraceFormat.Read.Accepted) Mk2TraceFormat.read(head
            + "errata: [D5]\nsteps: []\n", "t.yaml")).trace();
        assertTrue(Mk2Replayer.replay(badErratum).problems().get(0).render().contains("D5 is not modelled for mk2"));
    }
}
