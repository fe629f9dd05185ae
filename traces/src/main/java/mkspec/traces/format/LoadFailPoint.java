package mkspec.traces.format;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A point of the multikernel load path where a {@code kexec-file-load} step injects a failure ({@code fail-at:}). */
public enum LoadFailPoint {

    /** The {@code alloc_page} of the handover FDT page fails. */
    FDT_PAGE("fdt-page"),
    /** {@code kimage_file_prepare_segments} fails. */
    PREPARE_SEGMENTS("prepare-segments"),
    /** {@code kimage_alloc_control_pages} fails. */
    CONTROL_PAGES("control-pages"),
    /** The load fails after {@code kimage_file_alloc_init} has returned (digests, segment copy, post-load). */
    POST_LOAD("post-load");

    private final String word;

    LoadFailPoint(String word) {
        this.word = word;
    }

    /** The word used in traces. */
    public String word() {
        return word;
    }

    /** The point named {@code word}, if any. */
    public static Optional<LoadFailPoint> fromWord(String word) {
        return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
    }

    /** Every word, comma-separated, for messages. */
    static String words() {
        return Arrays.stream(values()).map(LoadFailPoint::word).collect(Collectors.joining(", "));
    }
}
