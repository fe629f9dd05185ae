package mkspec.traces.format;

import java.util.regex.Pattern;

/**
 * The one rule for names in a trace: the trace's own name and every instance name, {@code [a-z0-9][a-z0-9-]*}.
 *
 * <p>Instance names use the same rule so that a name in a status expectation can never be mistaken for one of the
 * expectation keys; the keys {@code result}, {@code violations}, {@code restored} and {@code handover-bytes} are
 * therefore {@linkplain #isReservedInExpect reserved} and cannot be used as instance names in a status expectation.
 */
public final class Names {

    /** The pattern every name matches, as written in TRACE-FORMAT.md. */
    public static final String PATTERN_TEXT = "[a-z0-9][a-z0-9-]*";

    private static final Pattern PATTERN = Pattern.compile(PATTERN_TEXT);

    private Names() {
    }

    /** Whether {@code text} is a valid trace or instance name. */
    public static boolean isValid(String text) {
        return text != null && PATTERN.matcher(text).matches();
    }

    /** Whether {@code key} is an expectation key, so it cannot name an instance in a status expectation. */
    public static boolean isReservedInExpect(String key) {
        return key.equals("result") || key.equals("violations") || key.equals("restored")
                || key.equals("handover-bytes");
    }

    /** Returns {@code text} if it is a valid name; throws otherwise (a programmer error in code building a trace). */
    static String require(String text, String what) {
        if (!isValid(text)) {
            throw new IllegalArgumentException(what + " must match " + PATTERN_TEXT + ": " + text);
        }
        return text;
    }
}
