package mkspec.reference.kernel;

/**
 * Where a kexec_file_load() of a multikernel image can be made to fail on purpose, so the
 * unwinding of each stage can be observed (TRACE-FORMAT.md {@code fail-at}).
 */
public enum FailPoint {
    NONE(null, 0),
    /** alloc_page() for the handover FDT fails: -ENOMEM, right after the association [P16]. */
    FDT_PAGE("fdt-page", mkspec.reference.Errno.ENOMEM.negative()),
    /**
     * The image loader fails after it has placed every segment (kexec_add_buffer() calls done), as
     * a bzImage loader does when building boot parameters fails: -ENOEXEC.
     */
    PREPARE_SEGMENTS("prepare-segments", mkspec.reference.Errno.ENOEXEC.negative()),
    /** kimage_alloc_control_pages() for the control code page returns NULL: -ENOMEM. */
    CONTROL_PAGES("control-pages", mkspec.reference.Errno.ENOMEM.negative()),
    /** machine_kexec_post_load() fails after kimage_file_alloc_init() succeeded: -ENOMEM. */
    POST_LOAD("post-load", mkspec.reference.Errno.ENOMEM.negative());

    private final String word;
    private final int ret;

    FailPoint(String word, int ret) {
        this.word = word;
        this.ret = ret;
    }

    /** The trace word, e.g. {@code fdt-page}. */
    public String word() {
        return word;
    }

    /** The negative errno the injected failure returns. */
    public int ret() {
        return ret;
    }

    public static FailPoint byWord(String w) {
        for (FailPoint f : values()) {
            if (f.word != null && f.word.equals(w)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fail point " + w);
    }
}
