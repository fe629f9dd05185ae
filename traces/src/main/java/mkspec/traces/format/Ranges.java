package mkspec.traces.format;

/**
 * The numeric ranges a trace's values must lie in for the model to take them as written: the reader refuses a value
 * outside its range where it is written, and the trace records refuse it too, so a trace never reaches replay with a
 * number the model would misread (cut to 32 bits) or could not compute with (a page count beyond 64 bits).
 *
 * <p>Each range has a {@code *_TEXT}, the way a message states it after "at most".
 */
public final class Ranges {

    /**
     * Sizes of memory (a segment, its alignment) and the pool's end: at most 2^52, the widest physical address space
     * of x86-64 and arm64. Nothing larger fits in memory, and rounding such a size up to pages never overflows.
     */
    public static final long PHYSICAL_LIMIT = 1L << 52;
    public static final String PHYSICAL_TEXT = "4P (0x10000000000000, the widest physical address space)";

    /** The instance {@code id} and {@code memory-bytes} of an instances list: each becomes one u32 cell of the tree. */
    public static final long CELL_MAX = 0xffffffffL;
    public static final String CELL_TEXT = "0xffffffff (one u32 cell of the device tree; dtb: writes any other bytes)";

    /** The id of reboot(LINUX_REBOOT_CMD_MULTIKERNEL) and of a spawned kernel: the kernel's {@code int mk_id}. */
    public static final long MK_ID_MAX = Integer.MAX_VALUE;
    public static final String MK_ID_TEXT = "0x7fffffff (the kernel's int mk_id)";

    /** Bytes per write() call of an upload: the model hands kernfs an int count. */
    public static final long WRITE_CHUNK_MAX = Integer.MAX_VALUE;
    public static final String WRITE_CHUNK_TEXT = "0x7fffffff (the model's int count per write() call)";

    private Ranges() {
    }

    /** {@code value} when it lies in {@code 0..max}; otherwise an exception naming {@code what} and the range. */
    static long require(long value, long max, String maxText, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0 to " + maxText + ": " + value);
        }
        return value;
    }
}
