package mkspec.traces.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a failing-case report folder: {@code trace.yaml} (the replayable trace, byte for byte as given),
 * {@code report.md}, {@code report.html} and the marker {@value #MARKER} that says the folder is a report this
 * writer made and may replace.
 *
 * <p>The folder appears whole or not at all. Everything is rendered in memory first, so a rendering failure
 * touches no file; the files are then written and synced in a hidden sibling folder, which is renamed onto the
 * output path. An existing report there is first renamed aside and deleted only after the new one is in place (the
 * nearest to an atomic replace a portable rename allows: a crash in between leaves the old report or the new one,
 * complete, in a hidden sibling, never a half-written folder at the output path). An output path that exists and is
 * not such a report is refused, never deleted. The next write cleans up after a writer that was killed
 * ({@link #recover}). The files hold no timestamps: the same model gives the same bytes.
 */
public final class ReportWriter {

    /** The file that marks a folder as a report this writer may replace. */
    public static final String MARKER = ".mkspec-report";

    /** The replayable trace. */
    public static final String TRACE_FILE = "trace.yaml";

    /** The Markdown report. */
    public static final String MARKDOWN_FILE = "report.md";

    /** The self-contained HTML report. */
    public static final String HTML_FILE = "report.html";

    private static final String MARKER_TEXT =
            "mkspec report folder v1: written by mkspec; the whole folder is replaced when the report is rewritten\n";

    /** How one file's bytes reach the disk; tests substitute a failing one to check that nothing half-written stays. */
    interface FileSink {
        void write(Path file, byte[] bytes) throws IOException;
    }

    private ReportWriter() {
    }

    /**
     * Writes the report for {@code model} with {@code traceYaml} as its trace into the folder {@code outDir},
     * replacing a report folder that is there. Parent folders are created as needed.
     *
     * @param model what the report shows
     * @param traceYaml the trace text, written unchanged as UTF-8
     * @param outDir the report folder to create or replace
     * @return {@link ReportWriteResult.Written}, or {@link ReportWriteResult.Refused} (with nothing touched) when
     *     {@code outDir} holds something that is not a report folder
     * @throws IOException when the file system fails; no partial folder is left at {@code outDir}
     * @throws IllegalArgumentException when the model cannot be drawn (a negative address or size), before any file
     *     is touched
     */
    public static ReportWriteResult write(ReportModel model, String traceYaml, Path outDir) throws IOException {
        return write(model, traceYaml, outDir, ReportWriter::writeSynced);
    }

    static ReportWriteResult write(ReportModel model, String traceYaml, Path outDir, FileSink sink)
            throws IOException {
        Path target = outDir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || target.getFileName() == null) {
            throw new IllegalArgumentException("a report folder needs a parent folder: " + outDir);
        }
        recover(parent, target.getFileName().toString());
        ReportWriteResult.Refused refused = refusal(target, outDir);
        if (refused != null) {
            return refused;
        }
        Map<String, byte[]> files = render(model, traceYaml);

        Files.createDirectories(parent);
        String name = target.getFileName().toString();
        Path fresh = newSibling(parent, "." + name + ".new-");
        try {
            for (var file : files.entrySet()) {
                sink.write(fresh.resolve(file.getKey()), file.getValue());
            }
            syncDirectory(fresh);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fresh, e);
            throw e;
        }
        // checked again: the path may have changed while the files were being written
        refused = refusal(target, outDir);
        if (refused != null) {
            deleteQuietly(fresh, null);
            return refused;
        }
        boolean replaced = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        try {
            if (replaced) {
                replace(target, fresh, parent, name);
            } else {
                move(fresh, target);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fresh, e);
            throw e;
        }
        syncDirectory(parent);
        return new ReportWriteResult.Written(outDir, List.copyOf(files.keySet()), replaced);
    }

    /**
     * Cleans up after a writer that was killed: when the output is missing but an old report was moved aside (a kill
     * between the two renames of a replace), the newest such report goes back to the output; every other hidden
     * folder a writer of this output left ({@code .name.new-N}, written in part or whole but never renamed, and
     * {@code .name.old-N}) is deleted. Writers running at once on one output are not supported.
     */
    static void recover(Path parent, String name) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile(
            // at most 18 digits: every such number fits a long, and newSibling never counts that far
            java.util.regex.Pattern.quote("." + name) + "\\.(new|old)-([0-9]{1,18})");
        List<Path> leftovers = new ArrayList<>();
        Path newestOld = null;
        long newestN = -1;
        try (var entries = Files.newDirectoryStream(parent)) {
            for (Path p : entries) {
                java.util.regex.Matcher m = ours.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                leftovers.add(p);
                long n = Long.parseLong(m.group(2));
                if (m.group(1).equals("old") && Files.isRegularFile(p.resolve(MARKER)) && n > newestN) {
                    newestOld = p;
                    newestN = n;
                }
            }
        }
        Path target = parent.resolve(name);
        if (newestOld != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            move(newestOld, target);
            leftovers.remove(newestOld);
        }
        for (Path p : leftovers) {
            deleteQuietly(p, null);
        }
    }

    /**
     * Creates a folder {@code prefix + n} next to the output for the lowest free n. Unlike a temporary folder it
     * gets the user's usual permissions (umask), which the report keeps once renamed.
     */
    private static Path newSibling(Path parent, String prefix) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return Files.createDirectory(parent.resolve(prefix + n));
            } catch (FileAlreadyExistsException taken) {
                // a concurrent or crashed writer holds this one; try the next
            }
        }
    }

    /** Why {@code target} must be left alone, or null when it is absent or a report folder. */
    private static ReportWriteResult.Refused refusal(Path target, Path asked) {
        if (Files.isSymbolicLink(target)) {
            return new ReportWriteResult.Refused(asked, ReportWriteResult.Reason.SYMBOLIC_LINK);
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return new ReportWriteResult.Refused(asked, ReportWriteResult.Reason.NOT_A_DIRECTORY);
        }
        if (!Files.isRegularFile(target.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return new ReportWriteResult.Refused(asked, ReportWriteResult.Reason.NOT_A_REPORT_FOLDER);
        }
        return null;
    }

    /** The folder's files in the order they are written; the marker last, so a marked folder is complete. */
    private static Map<String, byte[]> render(ReportModel model, String traceYaml) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(TRACE_FILE, traceYaml.getBytes(StandardCharsets.UTF_8));
        files.put(MARKDOWN_FILE, MarkdownReport.render(model).getBytes(StandardCharsets.UTF_8));
        files.put(HTML_FILE, HtmlReport.render(model).getBytes(StandardCharsets.UTF_8));
        files.put(MARKER, MARKER_TEXT.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Old report aside, new one in, old one deleted; if the new one cannot go in, the old one goes back. */
    private static void replace(Path target, Path fresh, Path parent, String name) throws IOException {
        String suffix = fresh.getFileName().toString().substring(("." + name + ".new-").length());
        Path aside = parent.resolve("." + name + ".old-" + suffix);
        if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot move the old report aside: " + aside + " exists");
        }
        move(target, aside);
        try {
            move(fresh, target);
        } catch (IOException | RuntimeException e) {
            try {
                move(aside, target);
            } catch (IOException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        deleteQuietly(aside, null);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // siblings share a file system, so this means the platform has no atomic rename at all
            Files.move(from, to);
        }
    }

    /** Writes {@code bytes} to a new file and forces them to the device: a renamed folder never holds empty files. */
    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes a folder's entries durable; some platforms cannot open a folder for this, and then it is skipped. */
    private static void syncDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the rename itself is what keeps the folder whole
        }
    }

    /** Deletes a folder this writer made; a failure is attached to {@code cause} when there is one. */
    private static void deleteQuietly(Path folder, Exception cause) {
        try {
            deleteTree(folder);
        } catch (IOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    failures.add(failure);
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
