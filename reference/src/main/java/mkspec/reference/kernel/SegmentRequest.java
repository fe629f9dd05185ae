package mkspec.reference.kernel;

/**
 * One buffer an image loader asks kexec_add_buffer() to place: struct kexec_buf's memsz,
 * buf_align, buf_min and buf_max (the loader's own bytes are not modelled).
 */
public record SegmentRequest(long memsz, long bufAlign, long bufMin, long bufMax) {
    /** A buffer of {@code size} bytes, page aligned, anywhere. */
    public static SegmentRequest ofSize(long size) {
        return new SegmentRequest(size, 0, 0, Long.MAX_VALUE);
    }
}
