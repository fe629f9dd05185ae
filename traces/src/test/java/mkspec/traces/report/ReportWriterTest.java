package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.RegionKind;
import mkspec.traces.report.ReportModel.StateView;
import mkspec.traces.report.ReportModel.StepView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report folder: whole or absent, byte-stable, and never written over someone else's folder. */
class ReportWriterTest {

    /** A trace with a BOM-free mix the writer must keep as is: CR LF, non-ASCII, no final newline. */
    private static final String TRACE = "mkspec-trace: 1\r\nname: t\ndescription: caf\u00e9 \u2014 \u00fc\r\nsteps: []";

    @TempDir
    Path dir;

    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A model the renderers reject: a region with a negative size. */
    private static ReportModel undrawable() {
        StateView bad = new StateView(new MemoryMap(4096, ReportModels.POOL, ReportModels.M,
                List.of(ReportModels.region(RegionKind.SEGMENT, "x", ReportModels.POOL, -1))),
                List.of(), List.of(), "0", false, 0, Optional.empty());
        StepView step = ReportModels.step(1, "status", "ok", "ok", bad);
        return new ReportModel("bad", Optional.empty(), "fixed", "m", "v", List.of(step), Map.of());
    }

    @Test
    void writesTheTraceBothReportsAndTheMarker() throws IOException {
        Path out = dir.resolve("report");

        ReportWriteResult result = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out);

        ReportWriteResult.Written written = assertInstanceOf(ReportWriteResult.Written.class, result);
        assertEquals(List.of("trace.yaml", "report.md", "report.html", ".mkspec-report"), written.files());
        assertFalse(written.replaced());
        assertEquals(List.of(".mkspec-report", "report.html", "report.md", "trace.yaml"),
                List.copyOf(contents(out).keySet()));
        assertEquals(List.of("report"), siblings());
    }

    @Test
    void theTraceIsWrittenByteForByte() throws IOException {
        Path out = dir.resolve("report");

        ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out);

        assertArrayEquals(TRACE.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("trace.yaml")));
    }

    @Test
    void writingTheSameModelTwiceGivesTheSameBytes() throws IOException {
        for (ReportModel model : ReportModels.all()) {
            Path first = dir.resolve(model.name().replaceAll("[^a-z0-9-]", "_") + "-1");
            Path second = dir.resolve(model.name().replaceAll("[^a-z0-9-]", "_") + "-2");
            ReportWriter.write(model, TRACE, first);
            ReportWriter.write(model, TRACE, second);

            Map<String, byte[]> a = contents(first);
            Map<String, byte[]> b = contents(second);
            assertEquals(a.keySet(), b.keySet());
            for (String name : a.keySet()) {
                assertArrayEquals(a.get(name), b.get(name), model.name() + " " + name);
            }
        }
    }

    @Test
    void anEarlierReportIsReplacedWhole() throws IOException {
        Path out = dir.resolve("report");
        ReportWriter.write(ReportModels.crash(), "old trace\n", out);
        Files.writeString(out.resolve("stale.txt"), "from the old report");

        ReportWriteResult result = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out);

        assertTrue(assertInstanceOf(ReportWriteResult.Written.class, result).replaced());
        assertFalse(Files.exists(out.resolve("stale.txt")));
        assertEquals(TRACE, Files.readString(out.resolve("trace.yaml")));
        assertEquals(MarkdownReport.render(ReportModels.threeStepViolation()),
                Files.readString(out.resolve("report.md")));
        assertEquals(List.of("report"), siblings(), "no folder left aside");
    }

    @Test
    void aFolderWithoutTheMarkerIsRefusedAndLeftAlone() throws IOException {
        Path out = dir.resolve("mine");
        Files.createDirectory(out);
        Files.writeString(out.resolve("thesis.tex"), "years of work");

        ReportWriteResult result = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out);

        ReportWriteResult.Refused refused = assertInstanceOf(ReportWriteResult.Refused.class, result);
        assertEquals(ReportWriteResult.Reason.NOT_A_REPORT_FOLDER, refused.reason());
        assertTrue(refused.message().contains(".mkspec-report"), refused.message());
        assertEquals("years of work", Files.readString(out.resolve("thesis.tex")));
        assertEquals(List.of("thesis.tex"), List.copyOf(contents(out).keySet()));
        assertEquals(List.of("mine"), siblings());
    }

    @Test
    void aFileAtThePathIsRefused() throws IOException {
        Path out = dir.resolve("report");
        Files.writeString(out, "not a folder");

        ReportWriteResult result = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out);

        assertEquals(ReportWriteResult.Reason.NOT_A_DIRECTORY,
                assertInstanceOf(ReportWriteResult.Refused.class, result).reason());
        assertEquals("not a folder", Files.readString(out));
        assertEquals(List.of("report"), siblings());
    }

    @Test
    void aSymbolicLinkAtThePathIsRefusedEvenToAReportFolder() throws IOException {
        Path real = dir.resolve("real");
        ReportWriter.write(ReportModels.crash(), TRACE, real);
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        ReportWriteResult result = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, link);

        assertEquals(ReportWriteResult.Reason.SYMBOLIC_LINK,
                assertInstanceOf(ReportWriteResult.Refused.class, result).reason());
        assertEquals(MarkdownReport.render(ReportModels.crash()), Files.readString(real.resolve("report.md")));
    }

    @Test
    void aFailureMidWriteLeavesNoFolderAndNoTemporarySibling() throws IOException {
        Path out = dir.resolve("report");
        int[] calls = {0};
        ReportWriter.FileSink failsOnTheSecondFile = (file, bytes) -> {
            if (++calls[0] == 2) {
                Files.write(file, new byte[] {'h', 'a', 'l', 'f'});
                throw new IOException("disk full");
            }
            Files.write(file, bytes);
        };

        IOException thrown = assertThrows(IOException.class,
                () -> ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out, failsOnTheSecondFile));

        assertEquals("disk full", thrown.getMessage());
        assertEquals(List.of(), siblings());
    }

    @Test
    void aFailureMidWriteKeepsTheEarlierReportAsItWas() throws IOException {
        Path out = dir.resolve("report");
        ReportWriter.write(ReportModels.crash(), "old trace\n", out);
        Map<String, byte[]> before = contents(out);
        ReportWriter.FileSink failsOnTheHtml = (file, bytes) -> {
            if (file.getFileName().toString().equals("report.html")) {
                throw new IOException("disk full");
            }
            Files.write(file, bytes);
        };

        assertThrows(IOException.class,
                () -> ReportWriter.write(ReportModels.threeStepViolation(), TRACE, out, failsOnTheHtml));

        Map<String, byte[]> after = contents(out);
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name);
        }
        assertEquals(List.of("report"), siblings());
    }

    @Test
    void aModelThatCannotBeDrawnTouchesNoFile() throws IOException {
        Path fresh = dir.resolve("fresh");
        Path old = dir.resolve("old");
        ReportWriter.write(ReportModels.crash(), "old trace\n", old);
        Map<String, byte[]> before = contents(old);

        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(undrawable(), TRACE, fresh));
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(undrawable(), TRACE, old));

        assertEquals(List.of("old"), siblings());
        assertArrayEquals(before.get("report.md"), Files.readAllBytes(old.resolve("report.md")));
    }

    @Test
    void missingParentFoldersAreCreated() throws IOException {
        Path out = dir.resolve("a").resolve("b").resolve("report");

        assertInstanceOf(ReportWriteResult.Written.class,
                ReportWriter.write(ReportModels.emptyMap(), TRACE, out));
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void aTemporaryFolderLeftByACrashedWriterNeitherBlocksTheNextWriteNorOutlivesIt() throws IOException {
        Path out = dir.resolve("report");
        Files.createDirectory(dir.resolve(".report.new-1"));

        assertInstanceOf(ReportWriteResult.Written.class,
                ReportWriter.write(ReportModels.emptyMap(), TRACE, out));
        assertEquals(List.of("report"), siblings());
    }

    /** A hidden folder as a killed writer leaves it: {@code files} written, the marker only when {@code complete}. */
    private Path leftover(String name, boolean complete) throws IOException {
        Path p = Files.createDirectory(dir.resolve(name));
        Files.writeString(p.resolve(ReportWriter.TRACE_FILE), "partial");
        if (complete) {
            Files.writeString(p.resolve(ReportWriter.MARKER), "mkspec report folder v1\n");
        }
        return p;
    }

    @Test
    void theNextWriteDeletesWhatAKilledWriterLeftHalfWrittenOrUnrenamed() throws IOException {
        leftover(".report.new-1", false);
        leftover(".report.new-2", true);
        leftover(".other.new-1", false); // another output's: not ours to touch
        ReportWriter.write(ReportModels.threeStepViolation(), TRACE, dir.resolve("report"));
        assertEquals(List.of(".other.new-1", "report"), siblings());
    }

    @Test
    void aKillBetweenTheRenamesOfAReplaceIsUndoneBeforeAnythingElse() throws IOException {
        Path old = leftover(".report.old-3", true);
        Files.writeString(old.resolve(ReportWriter.MARKDOWN_FILE), "the old report");
        leftover(".report.new-3", true);
        ReportWriter.recover(dir, "report");
        assertEquals(List.of("report"), siblings(), "the old report is back, the unrenamed new one gone");
        assertEquals("the old report", Files.readString(dir.resolve("report").resolve(ReportWriter.MARKDOWN_FILE)));
    }

    @Test
    void aWriteAfterAKillBetweenTheRenamesReplacesTheRestoredReport() throws IOException {
        leftover(".report.old-1", true);
        ReportWriteResult r = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, dir.resolve("report"));
        assertEquals(List.of("report"), siblings());
        assertTrue(((ReportWriteResult.Written) r).replaced(), "the restored old report was replaced");
    }

    @Test
    void aHiddenFolderWithANumberBeyondALongIsNotOursAndStopsNothing() throws IOException {
        leftover(".report.old-99999999999999999999", true);
        ReportWriteResult r = ReportWriter.write(ReportModels.threeStepViolation(), TRACE, dir.resolve("report"));
        assertInstanceOf(ReportWriteResult.Written.class, r);
        assertEquals(List.of(".report.old-99999999999999999999", "report"), siblings());
    }
}
