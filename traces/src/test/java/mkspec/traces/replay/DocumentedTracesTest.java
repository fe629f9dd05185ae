package mkspec.traces.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mkspec.traces.format.TraceReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every trace the documents show in a {@code yaml} block reads and replays as it says. */
class DocumentedTracesTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    /** Every {@code yaml} block of every document, as (document:index, text). */
    static List<String[]> blocks() throws IOException {
        List<String[]> out = new ArrayList<>();
        List<Path> docs;
        try (Stream<Path> s = Files.list(DOCS)) {
            docs = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path doc : docs) {
            Matcher m = YAML_BLOCK.matcher(Files.readString(doc));
            for (int k = 1; m.find(); k++) {
                out.add(new String[] {doc.getFileName() + " example " + k, m.group(1)});
            }
        }
        return out;
    }

    @Test
    void theTraceFormatPageShowsTraces() throws IOException {
        assertTrue(blocks().stream().filter(b -> b[0].startsWith("trace-format.md")).count() >= 3);
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedTraceReplaysAsItSays() throws IOException {
        return blocks().stream().map(b -> DynamicTest.dynamicTest(b[0],
            () -> CorpusReplayTest.assertReplaysAsRecorded(TraceReader.read(b[1], b[0]))));
    }
}
