package mkspec.traces.report;

import java.util.Locale;

/**
 * The text rules every report renderer shares: how untrusted model text is made visible and escaped for HTML, SVG
 * and Markdown, and how addresses and sizes are written.
 *
 * <p>Model text is untrusted: instance names come from device trees a user uploaded. So control characters,
 * bidirectional overrides and unpaired surrogates are shown as visible escapes ({@code \x01}, {@code \u202e})
 * rather than passed on, where they could reorder a line or make the document ill-formed.
 */
final class Text {

    private static final String[] UNITS = {"E", "P", "T", "G", "M", "K"};

    /** Beyond this many units the exact form stops being readable, so a size is rounded in a larger unit. */
    private static final long MOST_UNITS = 10_000;

    private Text() {
    }

    /** {@code text} as one visible line: every control character, newlines included, as an escape. */
    static String oneLine(String text) {
        return visible(text, false);
    }

    /** {@code text} with line breaks and tabs kept and every other control character as an escape. */
    static String multiLine(String text) {
        return visible(text, true);
    }

    private static String visible(String text, boolean keepLines) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                out.append('\uFFFD');
            } else if (keepLines && (c == '\n' || c == '\t')) {
                out.append(c);
            } else if (keepLines && c == '\r') {
                // a CR LF pair is one line break; a lone CR becomes one too, so no renderer sees a bare CR
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else if (isBidiControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The invisible characters that reorder text around them ("Trojan Source"). */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }

    /** One-line model text escaped for HTML or XML, in element content or in a quoted attribute. */
    static String html(String text) {
        return escapeMarkup(oneLine(text));
    }

    /** Multi-line model text escaped for HTML or XML content (a {@code <pre>}). */
    static String htmlBlock(String text) {
        return escapeMarkup(multiLine(text));
    }

    private static String escapeMarkup(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * One-line model text as Markdown prose: every character CommonMark could read as markup is backslash-escaped,
     * including {@code |}, so the text stays inside its table cell, and {@code <}, so it never becomes HTML.
     */
    static String markdown(String text) {
        // trailing blanks would make a hard line break
        String line = oneLine(text).strip();
        StringBuilder out = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ("\\`*_[]<>|&~#!".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        String escaped = out.toString();
        // a line that starts like a list item, heading rule or quote must not become one
        if (!escaped.isEmpty() && "-+=".indexOf(escaped.charAt(0)) >= 0) {
            escaped = "\\" + escaped;
        }
        return escaped.replaceFirst("^(\\d+)([.)])", "$1\\\\$2");
    }

    /**
     * One-line model text as a Markdown code span, fenced with more backticks than any run inside it. In a table
     * cell {@code |} is escaped too: GitHub splits cells before it reads code spans.
     */
    static String markdownCode(String text, boolean inTable) {
        String line = oneLine(text);
        if (line.isEmpty()) {
            return "";
        }
        if (inTable) {
            line = line.replace("|", "\\|");
        }
        String fence = "`".repeat(longestRun(line, '`') + 1);
        boolean pad = line.startsWith("`") || line.endsWith("`")
                || (line.startsWith(" ") && line.endsWith(" ") && !line.isBlank());
        String space = pad ? " " : "";
        return fence + space + line + space + fence;
    }

    /** A fence for a Markdown code block around {@code body}: longer than any run of backticks inside it. */
    static String markdownFence(String body) {
        return "`".repeat(Math.max(3, longestRun(body, '`') + 1));
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** An address in lower-case hex with {@code 0x}, read as unsigned. */
    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /**
     * The last byte of {@code size} bytes from {@code start}: every range in a report is written first byte to last
     * byte, as the invariants' details and {@code /proc/iomem} write them.
     */
    static long last(long start, long size) {
        return size > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + size - 1;
    }

    /** The last byte of a range in hex, or {@code (empty)} for an empty one. */
    static String lastByte(long start, long size) {
        return size <= 0 ? "(empty)" : hex(last(start, size));
    }

    /** A byte range as {@code 0x1000–0x2fff (8K)}, first to last byte, or {@code 0x1000 (empty)}. */
    static String span(long start, long size) {
        if (size <= 0) {
            return hex(start) + " (empty)";
        }
        return hex(start) + "\u2013" + hex(last(start, size)) + " (" + size(size) + ")";
    }

    /**
     * A size for people: exact with the largest fitting suffix ({@code 4K}, {@code 1M}, {@code 1028K},
     * {@code 512B}); when the exact form would need {@value #MOST_UNITS} or more units, rounded with a tilde
     * ({@code ~3.0G}). The exact byte count is always in the tooltip or the region table.
     */
    static String size(long bytes) {
        if (bytes < 0) {
            return Long.toString(bytes);
        }
        for (int u = 0; u < UNITS.length; u++) {
            long unit = unit(u);
            if (bytes >= unit && bytes % unit == 0 && bytes / unit < MOST_UNITS) {
                return bytes / unit + UNITS[u];
            }
        }
        if (bytes < MOST_UNITS) {
            return bytes + "B";
        }
        for (int u = 0; u < UNITS.length; u++) {
            long unit = unit(u);
            if (bytes >= unit) {
                return String.format(Locale.ROOT, "~%.1f%s", (double) bytes / unit, UNITS[u]);
            }
        }
        throw new AssertionError("unreachable: " + bytes);
    }

    private static long unit(int index) {
        return 1L << (10 * (UNITS.length - index));
    }

    /** {@code count} and a noun, made plural when count is not one ({@code 1 page}, {@code 3 pages}). */
    static String count(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }

    /** A CPU list with its noun: {@code CPU 3}, {@code CPUs 1-2}. */
    static String cpus(String list) {
        return (list.contains(",") || list.contains("-") ? "CPUs " : "CPU ") + list;
    }
}
