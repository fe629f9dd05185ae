package mkspec.traces.format;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What reading {@code instances/<name>/status} shows for an instance, or {@link #ABSENT} if it has no directory. */
public enum InstanceStatus {

    /** {@code empty}: created, no resources assigned yet. */
    EMPTY("empty"),
    /** {@code ready}: resources assigned, no image loaded. */
    READY("ready"),
    /** {@code loading}: an image load is in progress (or was left half done). */
    LOADING("loading"),
    /** {@code loaded}: an image is loaded. */
    LOADED("loaded"),
    /** {@code active}: a spawned kernel runs on the instance. */
    ACTIVE("active"),
    /** {@code failed}: the instance failed. */
    FAILED("failed"),
    /** The instance has no directory under {@code instances/}. */
    ABSENT("absent");

    private final String word;

    InstanceStatus(String word) {
        this.word = word;
    }

    /** The word used in traces (the status file's text, or {@code absent}). */
    public String word() {
        return word;
    }

    /** The status named {@code word}, if any. */
    public static Optional<InstanceStatus> fromWord(String word) {
        return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
    }

    /** Every word, comma-separated, for messages. */
    static String words() {
        return Arrays.stream(values()).map(InstanceStatus::word).collect(Collectors.joining(", "));
    }
}
