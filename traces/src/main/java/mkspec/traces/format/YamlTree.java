package mkspec.traces.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link YamlNode} tree from YAML text with Jackson's streaming YAML parser, keeping every node's position.
 *
 * <p>Beyond YAML's own syntax it rejects what a trace never needs and a reader could misread: characters YAML
 * does not allow, a second document, anchors and aliases, tags, non-scalar keys, and repeated keys (which YAML
 * forbids but most parsers silently resolve to the last one).
 */
final class YamlTree {

    /**
     * One thing wrong with the text.
     *
     * @param position where
     * @param message  what was expected, what was found
     */
    record Issue(Position position, String message) {
    }

    /**
     * The tree and the issues met while building it.
     *
     * @param root   the document's value; empty if the text has no document or is not valid YAML
     * @param issues repeated keys, aliases and tags (the tree is still usable), or the one syntax error (it is not)
     */
    record Outcome(Optional<YamlNode> root, List<Issue> issues) {
    }

    /** Thrown by {@link #next()} to stop at invalid YAML; it never leaves this class. */
    private static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Issue issue;

        SyntaxError(Issue issue) {
            super(issue.message(), null, false, false);
            this.issue = issue;
        }
    }

    private final JsonParser parser;
    private final String source;
    private final int sourceCodePoints;
    /** The last code point offset turned into a char index, and that index: tokens come in order, so it moves on. */
    private int lastCodePoint;
    private int lastChar;
    private final List<Issue> issues = new ArrayList<>();

    private YamlTree(JsonParser parser, String text) {
        this.parser = parser;
        this.source = text;
        // SnakeYAML's offsets count code points; only text beyond the BMP tells them apart from chars
        this.sourceCodePoints = text.codePointCount(0, text.length());
    }

    /** Parses {@code text}, which holds at most one YAML document. */
    static Outcome parse(String text) {
        Optional<Issue> badCharacter = findUnprintable(text);
        if (badCharacter.isPresent()) {
            return new Outcome(Optional.empty(), List.of(badCharacter.get()));
        }
        // A factory per parse: Jackson factories are thread-safe, but one per call keeps no state between reads.
        YAMLFactory factory = YAMLFactory.builder().build();
        try (JsonParser parser = factory.createParser(text)) {
            YamlTree tree = new YamlTree(parser, text);
            return tree.document();
        } catch (IOException e) {
            // Reading a String does no I/O; Jackson declares IOException for its syntax errors, caught in next().
            throw new IllegalStateException("reading YAML from a string failed", e);
        }
    }

    private Outcome document() {
        try {
            JsonToken first = next();
            if (first == null) {
                return new Outcome(Optional.empty(), issues);
            }
            YamlNode root = value(first);
            if (next() != null) {
                issues.add(new Issue(tokenPosition(), "expected a single YAML document, found a second document"));
            }
            return new Outcome(Optional.of(root), issues);
        } catch (SyntaxError e) {
            issues.add(e.issue);
            return new Outcome(Optional.empty(), issues);
        }
    }

    private YamlNode value(JsonToken token) throws SyntaxError {
        Position at = tokenPosition();
        if (token == null) {
            // Jackson reports a truncated stream itself; this only keeps a surprise from becoming an NPE.
            return new YamlNode.Scalar("", false, false, at);
        }
        String tag = typeTag();
        if (tag != null) {
            issues.add(new Issue(at, "expected a plain value, found the tag " + shortTag(tag)
                    + " (tags are not supported)"));
        }
        String anchor = anchor();
        if (anchor != null) {
            issues.add(new Issue(at, "expected a plain value, found the anchor &" + anchor
                    + " (anchors and aliases are not supported)"));
        }
        boolean unsupported = tag != null || anchor != null;
        switch (token) {
            case START_OBJECT:
                return mapping(at);
            case START_ARRAY:
                return sequence(at);
            case VALUE_NULL:
                return new YamlNode.Scalar(text(), true, unsupported, at);
            default:
                if (isAlias()) {
                    issues.add(new Issue(at, "expected a plain value, found the alias *" + text()
                            + " (anchors and aliases are not supported)"));
                    return new YamlNode.Scalar(text(), false, true, at);
                }
                return new YamlNode.Scalar(limited(text(), at), false, unsupported, at);
        }
    }

    private YamlNode.Mapping mapping(Position at) throws SyntaxError {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        while (true) {
            JsonToken token = next();
            // Jackson yields FIELD_NAME or END_OBJECT here, and throws on a truncated stream.
            if (token == JsonToken.END_OBJECT || token == null) {
                break;
            }
            Position keyAt = tokenPosition();
            String key = limited(text(), keyAt);
            YamlNode value = value(next());
            Position first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                issues.add(new Issue(keyAt, "expected each key once, found " + YamlNode.quote(key)
                        + " again (first at " + first + ")"));
            } else {
                entries.add(new YamlNode.Entry(key, keyAt, value));
            }
        }
        return new YamlNode.Mapping(List.copyOf(entries), at);
    }

    private YamlNode.Sequence sequence(Position at) throws SyntaxError {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = next()) != JsonToken.END_ARRAY && token != null) {
            items.add(value(token));
        }
        return new YamlNode.Sequence(List.copyOf(items), at);
    }

    /**
     * The next token, or a {@link SyntaxError} located where SnakeYAML found the problem.
     *
     * <p>Jackson reports SnakeYAML's errors as exceptions; a few malformed inputs surface as unchecked exceptions
     * from inside SnakeYAML instead, and those are bad input too, never a reason to print a stack trace.
     */
    private JsonToken next() throws SyntaxError {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            Optional<Issue> marked = snakeYamlIssue(e);
            if (marked.isPresent()) {
                throw new SyntaxError(marked.get());
            }
            Position at = positionOf(e.getLocation());
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Expected a field name")) {
                throw new SyntaxError(new Issue(at, "expected a plain key, found a list or map used as a key"));
            }
            throw new SyntaxError(new Issue(at, "expected valid YAML, found: " + oneLine(String.valueOf(message))));
        } catch (IOException | RuntimeException e) {
            throw new SyntaxError(new Issue(tokenPosition(), "expected valid YAML, found: "
                    + oneLine(String.valueOf(e.getMessage()))));
        }
    }

    /**
     * SnakeYAML's own account of a syntax error: its problem, its context, and the mark where it found the problem.
     *
     * <p>Jackson 2.x deprecates its wrapper of SnakeYAML's marked exception without a replacement; it is used
     * because the exception's {@code JsonLocation} is the last token's, which can be lines away from the problem
     * (a tab on line 2 is reported at line 1), and the alternative, SnakeYAML's own class, is not a declared
     * dependency of this module.
     */
    @SuppressWarnings("deprecation")
    private Optional<Issue> snakeYamlIssue(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException marked)) {
            return Optional.empty();
        }
        com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark mark =
                marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
        Position at = mark != null ? new Position(mark.getLine() + 1, mark.getColumn() + 1) : tokenPosition();
        String context = marked.getContext() == null ? "" : " (" + oneLine(marked.getContext()) + ")";
        return Optional.of(new Issue(at, "expected valid YAML" + context + ", found: "
                + oneLine(String.valueOf(marked.getProblem()))));
    }

    private Position tokenPosition() {
        return positionOf(parser.currentTokenLocation());
    }

    private Position positionOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return new Position(1, 1);
        }
        return new Position(location.getLineNr(), location.getColumnNr());
    }

    private String text() throws SyntaxError {
        try {
            String text = parser.getText();
            return text == null ? "" : text;
        } catch (IOException e) {
            throw new SyntaxError(new Issue(tokenPosition(), "expected valid YAML, found: "
                    + oneLine(String.valueOf(e.getMessage()))));
        }
    }

    private String typeTag() throws SyntaxError {
        try {
            Object tag = parser.getTypeId();
            return tag == null ? null : tag.toString();
        } catch (IOException e) {
            throw new SyntaxError(new Issue(tokenPosition(), "expected valid YAML, found: "
                    + oneLine(String.valueOf(e.getMessage()))));
        }
    }

    /**
     * The anchor ({@code &name}) on the current token, or null. Jackson calls it the object id and gives it for maps
     * and lists only; a scalar's is read from the text, where the scalar's location is that of its properties (its
     * anchor and tag, in either order).
     */
    private String anchor() throws SyntaxError {
        Object id;
        try {
            id = parser.getObjectId();
        } catch (IOException e) {
            throw new SyntaxError(new Issue(tokenPosition(), "expected valid YAML, found: "
                    + oneLine(String.valueOf(e.getMessage()))));
        }
        if (id != null) {
            return id.toString();
        }
        JsonLocation location = parser.currentTokenLocation();
        long offset = location == null ? -1 : location.getCharOffset();
        if (offset < 0 || offset >= sourceCodePoints) {
            return null;
        }
        int i = charIndex((int) offset);
        while (i < source.length() && (source.charAt(i) == '!' || source.charAt(i) == '&')) {
            int end = i;
            while (end < source.length() && " \t\r\n,[]{}".indexOf(source.charAt(end)) < 0) {
                end++;
            }
            if (source.charAt(i) == '&') {
                return source.substring(i + 1, end);
            }
            i = end;
            while (i < source.length() && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
                i++;
            }
        }
        return null;
    }

    /** The char index of code point {@code offset} of the source. */
    private int charIndex(int offset) {
        if (sourceCodePoints == source.length()) {
            return offset;
        }
        if (offset < lastCodePoint) {
            lastCodePoint = 0;
            lastChar = 0;
        }
        lastChar = source.offsetByCodePoints(lastChar, offset - lastCodePoint);
        lastCodePoint = offset;
        return lastChar;
    }

    /**
     * {@code text}, after reporting it when it is longer than a value may be; a long value that spans lines gets here
     * (one line that long was refused before parsing).
     */
    private String limited(String text, Position at) {
        if (text.length() > TraceReader.MAX_VALUE_CHARS) {
            issues.add(new Issue(at, "expected a value of at most " + TraceReader.MAX_VALUE_CHARS
                    + " characters (1.5 Mi), found one of " + text.length()));
        }
        return text;
    }

    private boolean isAlias() {
        return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
    }

    private static String shortTag(String tag) {
        String core = "tag:yaml.org,2002:";
        return tag.startsWith(core) ? "!!" + tag.substring(core.length()) : "!" + tag;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /**
     * The first character YAML 1.1 does not allow in a stream, located; SnakeYAML rejects them too, but reports
     * them without a usable line.
     */
    private static Optional<Issue> findUnprintable(String text) {
        int line = 1;
        int column = 1;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (!isPrintable(c)) {
                return Optional.of(new Issue(new Position(line, column), String.format(
                        "expected printable text, found the non-printable character U+%04X", c)));
            }
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static boolean isPrintable(int c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7e) || c == 0x85
                || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    }
}
