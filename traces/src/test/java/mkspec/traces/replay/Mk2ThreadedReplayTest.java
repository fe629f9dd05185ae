package mkspec.traces.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import mkspec.refinement.mk2.Mk2ReferenceSystem;
import mkspec.traces.format.Mk2Trace;
import org.junit.jupiter.api.Test;

/** Replay of a threaded mk2 trace checks, under {@code fixed}, that the calls that overlapped are linearizable. */
class Mk2ThreadedReplayTest {
    private static Mk2Trace read(String name) {
        return Mk2CorpusTest.read(Mk2CorpusTest.CORPUS.resolve("errata").resolve(name));
    }

    /** The refinement's lines on the step a replay stopped at. */
    private static List<String> refinementLines(Mk2Replayer.Replay replay) {
        Mk2Replayer.StepRecord last = replay.steps().get(replay.steps().size() - 1);
        return last.why().stream().filter(b -> b.id().equals(Mk2ReferenceSystem.REFINEMENT))
            .flatMap(b -> b.details().stream()).toList();
    }

    @Test
    void theFixedRacesReplayWithTheirOverlapsExplainedBySomeSequentialOrder() {
        // n16-fixed overlaps an exec with an unload that holds kexec_lock: the exec's -EBUSY is taken as a refusal at
        // that moment (no order of an unload and an exec returns it in the spec), the unload as the spec's.
        for (String name : List.of("n3-fixed.yaml", "n16-fixed.yaml")) {
            Mk2Replayer.Replay replay = Mk2Replayer.replay(read(name));
            assertTrue(replay.refinementChecked(), name);
            assertTrue(replay.agrees(), () -> name + ": " + replay.difference().orElse(replay.problems().toString()));
        }
    }

    /**
     * {@code name}, replayed with the check forced on although its profile has the erratum, stops at {@code step} with
     * the refinement broken by an overlap of {@code call} that no sequential order explains; without the check it
     * replays as recorded.
     */
    private static void heldToTheSpecDiffersAsUnlinearizable(String name, String step, String call) {
        Mk2Trace t = read(name);
        Mk2Replayer.Replay replay = Mk2Replayer.replay(t, true);
        String d = replay.difference().orElseThrow();
        assertTrue(d.contains(step) && d.contains(Mk2ReferenceSystem.REFINEMENT), d);
        List<String> lines = refinementLines(replay);
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("linearizable: no sequential order of the overlapping calls " + call),
            lines.get(0));
        assertTrue(Mk2Replayer.replay(t).agrees(), "without the check it replays as recorded");
    }

    @Test
    void n3sRaceHeldToTheSpecIsAnOverlapNoSequentialOrderExplains() {
        // the instance-remove returns ok while the load holds the instance, and then the load returns ok too: no order
        // of a load and a remove of the same instance returns that in the spec. Neither call ran alone, so the
        // lone-call refinement never sees it.
        heldToTheSpecDiffersAsUnlinearizable("n3-images-reachable.yaml", "step 5 kexec-file-load(id=1, pages=1)",
            "t1 kexec-file-load(id=1, pages=1)");
    }

    @Test
    void n16sRaceHeldToTheSpecIsAnOverlapNoSequentialOrderExplains() {
        // the exec starts a kernel from the image the unload is freeing: the exec returns ok after the unload took
        // the image off the list, and then the unload returns ok from an ACTIVE instance, which the spec refuses in
        // every order.
        heldToTheSpecDiffersAsUnlinearizable("n16-running-protected.yaml", "step 6 kexec-file-unload(id=1)",
            "t1 kexec-file-unload(id=1)");
    }
}
