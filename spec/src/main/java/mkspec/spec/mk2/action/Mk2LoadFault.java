package mkspec.spec.mk2.action;

/**
 * Where a multikernel {@code kimage_file_alloc_init} is made to fail ([XF]; the notes' table A1-A7). The two
 * failures a user causes without fault injection are a kernel file the loaders refuse and segments the instance
 * pool cannot hold; the others stand for allocation failures.
 */
public enum Mk2LoadFault {
    /** Nothing fails. */
    NONE("none"),
    /** A2: the 16 KiB manifest allocation ({@code alloc_pages(.., get_order(MK_MANIFEST_SIZE))}). */
    MANIFEST("manifest"),
    /** A3: the IPI ring allocation. */
    IPI_RING("ipi-ring"),
    /** A4: {@code kimage_file_prepare_segments} refuses the kernel (-ENOEXEC) before it adds any segment. */
    BAD_KERNEL("bad-kernel"),
    /** A6: the control code page, after every segment has been placed. */
    CONTROL_PAGE("control-page");

    private final String word;

    Mk2LoadFault(String word) {
        this.word = word;
    }

    /** The word traces and labels use. */
    public String word() {
        return word;
    }
}
