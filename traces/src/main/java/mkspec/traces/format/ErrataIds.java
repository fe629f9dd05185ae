package mkspec.traces.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The erratum ids a trace's {@code errata} list may name: {@code D} and a number, one of the errata mkspec models.
 *
 * <p>The format states the modelled ids itself, as it states the invariant names, so that it depends on nothing else
 * of mkspec; a test holds them equal to the reference's errata. The reader refuses any other id where it is written,
 * so a trace never reaches replay with an erratum the reference cannot switch.
 */
public final class ErrataIds {

    private static final Pattern FORM = Pattern.compile("D[1-9][0-9]{0,5}");

    private static final List<String> MODELLED = List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10",
        "D11", "D12", "D13", "D14", "D15", "D17", "D18", "D20");

    private ErrataIds() {
    }

    /** Whether {@code text} has the form of an erratum id, like {@code D3}. */
    public static boolean isWellFormed(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    /** Whether {@code id} names an erratum mkspec models. */
    public static boolean isModelled(String id) {
        return MODELLED.contains(id);
    }

    /** The modelled ids in the design's order. */
    public static List<String> modelled() {
        return MODELLED;
    }
}
