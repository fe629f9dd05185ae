package mkspec.traces.format;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A failure a {@code reboot-multikernel} step injects into the KHO notifier that finalizes the handover FDT
 * ({@code fail-at:}).
 *
 * <p>An mkspec extension, compatible with v1: TRACE-FORMAT v1 has no {@code fail-at} on {@code reboot-multikernel};
 * every v1 trace stays valid because the key is optional. It exists to reach D10's swallowed notifier errors.
 */
public enum RebootFailPoint {

    /** The notifier does not find the instance being executed ("instance not found"). */
    NOTIFIER_LOOKUP("notifier-lookup"),
    /** The notifier finds the instance but it has no DTB data ("no DTB data"). */
    NOTIFIER_NO_DTB("notifier-no-dtb");

    private final String word;

    RebootFailPoint(String word) {
        this.word = word;
    }

    /** The word used in traces. */
    public String word() {
        return word;
    }

    /** The point named {@code word}, if any. */
    public static Optional<RebootFailPoint> fromWord(String word) {
        return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
    }

    /** Every word, comma-separated, for messages. */
    static String words() {
        return Arrays.stream(values()).map(RebootFailPoint::word).collect(Collectors.joining(", "));
    }
}
