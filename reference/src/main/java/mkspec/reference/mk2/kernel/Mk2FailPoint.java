package mkspec.reference.mk2.kernel;

/**
 * Where a multikernel kimage_file_alloc_init is made to fail ([XF]; the notes' table A1-A7). A kernel file the
 * loaders refuse and segments the instance pool cannot hold happen without injection; the rest stand for allocation
 * failures the model cannot otherwise cause.
 */
public enum Mk2FailPoint {
    NONE,
    /** A2: the manifest's alloc_pages. */
    MANIFEST,
    /** A3: the IPI ring's alloc_pages. */
    IPI_RING,
    /** A4: kimage_file_prepare_segments refuses the kernel (-ENOEXEC) before any segment. */
    BAD_KERNEL,
    /** A6: the control code page, after the segments. */
    CONTROL_PAGE
}
