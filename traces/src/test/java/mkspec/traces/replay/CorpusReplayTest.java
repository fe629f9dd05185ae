package mkspec.traces.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every trace of traces/corpus replays as recorded (and, in fixed, step for step like the spec). */
class CorpusReplayTest {
    static final Path CORPUS = Path.of("corpus");

    static List<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(CORPUS)) {
            // the mk2 corpus replays on its own kernel (Mk2CorpusTest)
            return s.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(CORPUS.resolve("mk2"))).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusTraceReplaysAsRecorded() throws IOException {
        return corpus().stream().map(p -> DynamicTest.dynamicTest(CORPUS.relativize(p).toString(),
            () -> assertReplaysAsRecorded(TraceReader.read(p))));
    }

    /** The trace read, its profile selected, and replayed with no difference. */
    static void assertReplaysAsRecorded(TraceReadResult r) {
        assertTrue(r instanceof TraceReadResult.Accepted, () -> ((TraceReadResult.Rejected) r).render());
        Trace t = ((TraceReadResult.Accepted) r).trace();
        Profiles.Selection sel = Profiles.select(t.profile(), t.errata());
        assertFalse(sel.problem().isPresent(), () -> sel.problem().get());
        Replayer.Replay replay = Replayer.replay(t, sel.profile().get());
        assertTrue(replay.agrees(), () -> replay.difference().get().line());
    }

    @Test
    void theCorpusHasAReproducerAndAFixedTwinForEveryErratum() throws IOException {
        List<String> names = corpus().stream().map(p -> p.getFileName().toString()).toList();
        for (String id : List.of("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d12", "d13",
            "d14", "d15", "d17", "d20")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(id + "-") && !n.endsWith("-fixed.yaml")), "no reproducer for " + id);
            assertTrue(names.stream().anyMatch(n -> n.startsWith(id + "-") && n.endsWith("-fixed.yaml")), "no fixed twin for " + id);
        }
    }
}
