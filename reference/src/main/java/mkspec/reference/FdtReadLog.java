package mkspec.reference;

/**
 * What the model saw libfdt read outside a buffer or past a declared length, across the whole
 * run: the ghost state behind the invariant {@code fdt-reads-in-bounds} (D12, D13).
 *
 * <p>Each modelled caller hands the views it used to {@link #record} once it is done with them.
 */
public final class FdtReadLog {
    private long bytes;
    private String first;

    public FdtReadLog() {
    }

    public FdtReadLog copy() {
        FdtReadLog c = new FdtReadLog();
        c.bytes = bytes;
        c.first = first;
        return c;
    }

    /** Adds {@code n} out-of-bounds bytes read by {@code where}. */
    public void record(long n, String where) {
        if (n <= 0) {
            return;
        }
        if (bytes == 0) {
            first = where;
        }
        bytes += n;
    }

    /** Adds what {@code view} read out of bounds, naming the reader, the first offset and the buffer's size. */
    public void record(mkspec.reference.fdt.FdtView view, String where) {
        if (view.outOfBoundsReads() > 0) {
            record(view.outOfBoundsReads(), where + ": byte " + view.firstOutOfBoundsOffset() + " of a "
                + view.length() + "-byte buffer");
        }
    }

    /** The first out-of-bounds read and how many bytes were read out of bounds in all, or null if none was. */
    public String describe() {
        return bytes == 0 ? null : first + " (" + bytes + (bytes == 1 ? " byte" : " bytes") + " out of bounds in all)";
    }

    /** Out-of-bounds bytes read so far. */
    public long bytes() {
        return bytes;
    }

    /** The first site that read out of bounds, or null. */
    public String first() {
        return first;
    }
}
