package mkspec.traces.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import mkspec.reference.Profile;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import org.junit.jupiter.api.Test;

/** Replay of a threaded trace checks, under {@code fixed}, that the calls that overlapped are linearizable. */
class ThreadedReplayTest {
    private static Trace read(String name) {
        TraceReadResult r = TraceReader.read(Path.of("corpus", "errata", name));
        assertTrue(r instanceof TraceReadResult.Accepted, () -> ((TraceReadResult.Rejected) r).render());
        return ((TraceReadResult.Accepted) r).trace();
    }

    private static Profile profileOf(Trace t) {
        return Profiles.select(t.profile(), t.errata()).profile().orElseThrow();
    }

    @Test
    void aFixedRaceReplaysWithItsOverlapsExplainedBySomeSequentialOrder() {
        Trace t = read("d18-pool-conserved-fixed.yaml");
        Replayer.Replay replay = Replayer.replay(t, profileOf(t));
        assertTrue(replay.refinementChecked());
        assertTrue(replay.agrees(), () -> replay.difference().get().line());
    }

    @Test
    void d18sRaceHeldToTheSpecIsAnOverlapNoSequentialOrderExplains() {
        // rmdir passes its READY check while the load associates the instance: both return ok, which no order of a
        // load and an rmdir of the same instance returns in the spec. The lone-step refinement never sees it, since
        // neither call ran alone.
        Trace t = read("d18-pool-conserved.yaml");
        Replayer.Replay replay = Replayer.replayThreaded(t, profileOf(t), true);
        Replayer.Difference d = replay.difference().orElseThrow();
        assertEquals("refinement (the spec's step)", d.what());
        assertTrue(d.actual().startsWith("linearizable: no sequential order of the overlapping calls"), d.line());
        assertTrue(d.actual().contains("t2 rmdir(web)"), d.line());
        assertTrue(Replayer.replayThreaded(t, profileOf(t), false).agrees(), "without the check it replays as recorded");
    }
}
