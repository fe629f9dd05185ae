package mkspec.traces.format;

import java.util.regex.Pattern;

/**
 * The form of an erratum id in a trace's {@code errata} list: {@code D} followed by a number without leading zero.
 *
 * <p>Only the form is checked here; which ids exist (D1..D19 in notes/rfc-v2-semantics.md section 6) is the spec's
 * business, so a trace naming an erratum the spec does not know is rejected by replay, not by the reader.
 */
public final class ErrataIds {

    private static final Pattern FORM = Pattern.compile("D[1-9][0-9]{0,5}");

    private ErrataIds() {
    }

    /** Whether {@code text} has the form of an erratum id, like {@code D3}. */
    public static boolean isWellFormed(String text) {
        return text != null && FORM.matcher(text).matches();
    }
}
