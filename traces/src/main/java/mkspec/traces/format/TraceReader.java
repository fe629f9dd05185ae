package mkspec.traces.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads TRACE-FORMAT v1 traces, strictly: a trace is accepted whole or rejected before anything runs.
 *
 * <p>This class implements the contract of TRACE-FORMAT.md. A rejection lists every problem found, each one line
 * {@code file:line:column: expected ..., found ...}, sorted so that the first is the earliest in the file. Bad input
 * never throws; exceptions are left for programmer errors (a null argument).
 *
 * <p>Choices where the format's text is silent: {@code steps} is required (it may be an empty list); quoting never
 * changes a value ({@code id: "2"} is {@code id: 2}); a bare {@code key:} is an empty value, accepted only for
 * {@code description}; anchors, aliases, tags, repeated keys and a second document are rejected; the number
 * grammar is that of {@link Numbers}.
 */
public final class TraceReader {

    /**
     * The largest trace file read, 2 MiB: room for the largest device tree the kernel takes in one write (1 MiB,
     * beyond which it returns E2BIG) in base64, and the steps around it. Larger files are refused unread.
     */
    public static final int MAX_BYTES = 2 << 20;

    /**
     * The longest value and the longest line, 1.5 Mi characters: room for a 1 MiB device tree in base64 on one line.
     * Lines are measured before parsing, since the YAML parser's time grows faster than a line's length.
     */
    public static final int MAX_VALUE_CHARS = 3 << 19;

    /**
     * The most steps a trace may have, 10,000: hundreds of times the longest counterexample or corpus trace, and a
     * replay of that many takes a few seconds (3.4 s for 10,000 status steps, JVM start included).
     */
    public static final int MAX_STEPS = 10_000;

    private TraceReader() {
    }

    /**
     * Reads the trace in {@code file} (UTF-8, an optional byte-order mark is skipped).
     *
     * <p>Problems name the file as {@code file.toString()}; an accepted trace records {@code file}.
     */
    public static TraceReadResult read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return rejected(source, Position.UNKNOWN, "expected a trace file, found no such file");
        } catch (IOException e) {
            return rejected(source, Position.UNKNOWN, "expected a readable trace file, found "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return read(bytes, source).accept(new TraceReadResult.Cases<>() {
            public TraceReadResult accepted(TraceReadResult.Accepted a) {
                return new TraceReadResult.Accepted(a.trace().withFile(file));
            }

            public TraceReadResult rejected(TraceReadResult.Rejected r) {
                return r;
            }
        });
    }

    /** Reads a trace from UTF-8 bytes; {@code source} names them in problems. */
    public static TraceReadResult read(byte[] bytes, String source) {
        if (bytes.length > MAX_BYTES) {
            return rejected(source, positionOfByte(bytes, MAX_BYTES), "expected a trace file of at most " + MAX_BYTES
                    + " bytes (2 MiB), found a larger file");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult coded = utf8.decode(in, out, true);
        if (coded.isError()) {
            return rejected(source, positionOfByte(bytes, in.position()),
                    "expected UTF-8 text, found a byte sequence that is not UTF-8");
        }
        utf8.flush(out);
        return read(out.flip().toString(), source);
    }

    /** Reads a trace from text; {@code source} names it in problems (a file name, or something like {@code <stdin>}). */
    public static TraceReadResult read(String text, String source) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.length() > MAX_BYTES) {
            return rejected(source, positionOfChar(body, MAX_BYTES), "expected a trace of at most " + MAX_BYTES
                    + " characters (2 Mi), found a longer text");
        }
        Optional<Position> longLine = firstLongLine(body);
        if (longLine.isPresent()) {
            return rejected(source, longLine.get(), "expected lines of at most " + MAX_VALUE_CHARS
                    + " characters (1.5 Mi, the longest value), found a longer line");
        }
        YamlTree.Outcome tree = YamlTree.parse(body);
        List<YamlTree.Issue> issues = new ArrayList<>(tree.issues());
        TraceDecoder.DecodeOutcome decoded = null;
        boolean yamlFailed = tree.root().isEmpty() && !tree.issues().isEmpty();
        if (!yamlFailed) {
            decoded = TraceDecoder.decode(tree.root());
            issues.addAll(decoded.issues());
        }
        if (!issues.isEmpty()) {
            issues.sort(Comparator.comparing(YamlTree.Issue::position));
            return new TraceReadResult.Rejected(issues.stream()
                    .map(i -> new TraceProblem(source, i.position(), i.message())).toList());
        }
        return new TraceReadResult.Accepted(decoded.trace().orElseThrow());
    }

    private static TraceReadResult rejected(String source, Position at, String message) {
        return new TraceReadResult.Rejected(List.of(new TraceProblem(source, at, message)));
    }

    /** Where the first line longer than {@link #MAX_VALUE_CHARS} passes that length, if a line is that long. */
    private static Optional<Position> firstLongLine(String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\n' || i + 1 == text.length() || text.charAt(i + 1) != '\n') {
                    line++;
                }
                start = i + 1;
            } else if (i - start == MAX_VALUE_CHARS) {
                return Optional.of(new Position(line, MAX_VALUE_CHARS + 1));
            }
        }
        return Optional.empty();
    }

    /** The line and column (in bytes) of byte {@code offset}, for a file that is not text or too long to decode. */
    private static Position positionOfByte(byte[] bytes, int offset) {
        // ISO-8859-1 maps each byte to one character, so the columns count bytes
        return positionOfChar(new String(bytes, 0, offset, StandardCharsets.ISO_8859_1), offset);
    }

    /** The line and column of character {@code offset}. */
    private static Position positionOfChar(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }
}
