package mkspec.reference.fdt;

/**
 * The constants of libfdt 1.6.1 (fdt.h, libfdt.h, libfdt_internal.h) and its {@code fdt_strerror}.
 *
 * <p>Header fields are 32-bit big-endian words; the {@code OFF_*} constants give their byte offsets in
 * {@code struct fdt_header}. Error codes are positive numbers that libfdt functions return negated.
 */
public final class Libfdt {

    private Libfdt() {
    }

    /** Magic word of a finished blob. */
    public static final int FDT_MAGIC = 0xd00dfeed;
    /** Magic word of a blob that {@link FdtSw} is still writing (libfdt_internal.h: {@code ~FDT_MAGIC}). */
    public static final int FDT_SW_MAGIC = ~FDT_MAGIC;

    /** Size of a structure-block token. */
    public static final int FDT_TAGSIZE = 4;
    /** Token opening a node; followed by its NUL-terminated name. */
    public static final int FDT_BEGIN_NODE = 0x1;
    /** Token closing a node. */
    public static final int FDT_END_NODE = 0x2;
    /** Token opening a property: length, name offset, value. */
    public static final int FDT_PROP = 0x3;
    /** Token to be ignored. */
    public static final int FDT_NOP = 0x4;
    /** Token ending the structure block. */
    public static final int FDT_END = 0x9;

    /** Byte offset of {@code magic} in the header. */
    public static final int OFF_MAGIC = 0;
    /** Byte offset of {@code totalsize} in the header. */
    public static final int OFF_TOTALSIZE = 4;
    /** Byte offset of {@code off_dt_struct} in the header. */
    public static final int OFF_OFF_DT_STRUCT = 8;
    /** Byte offset of {@code off_dt_strings} in the header. */
    public static final int OFF_OFF_DT_STRINGS = 12;
    /** Byte offset of {@code off_mem_rsvmap} in the header. */
    public static final int OFF_OFF_MEM_RSVMAP = 16;
    /** Byte offset of {@code version} in the header. */
    public static final int OFF_VERSION = 20;
    /** Byte offset of {@code last_comp_version} in the header. */
    public static final int OFF_LAST_COMP_VERSION = 24;
    /** Byte offset of {@code boot_cpuid_phys} in the header (version 2 on). */
    public static final int OFF_BOOT_CPUID_PHYS = 28;
    /** Byte offset of {@code size_dt_strings} in the header (version 3 on). */
    public static final int OFF_SIZE_DT_STRINGS = 32;
    /** Byte offset of {@code size_dt_struct} in the header (version 17 on). */
    public static final int OFF_SIZE_DT_STRUCT = 36;

    /** Header size of a version 1 blob. */
    public static final int FDT_V1_SIZE = 7 * 4;
    /** Header size of a version 2 blob. */
    public static final int FDT_V2_SIZE = FDT_V1_SIZE + 4;
    /** Header size of a version 3 blob. */
    public static final int FDT_V3_SIZE = FDT_V2_SIZE + 4;
    /** Header size of a version 16 blob. */
    public static final int FDT_V16_SIZE = FDT_V3_SIZE;
    /** Header size of a version 17 blob ({@code sizeof(struct fdt_header)}). */
    public static final int FDT_V17_SIZE = FDT_V16_SIZE + 4;

    /** Size of {@code struct fdt_reserve_entry}: two 64-bit words. */
    public static final int FDT_RESERVE_ENTRY_SIZE = 16;
    /** Size of {@code struct fdt_node_header} without its name: the tag. */
    public static final int FDT_NODE_HEADER_SIZE = 4;
    /** Size of {@code struct fdt_property} without its value: tag, len, nameoff. */
    public static final int FDT_PROPERTY_SIZE = 12;

    /** Oldest blob version libfdt reads. */
    public static final int FDT_FIRST_SUPPORTED_VERSION = 0x02;
    /** The {@code last_comp_version} that {@code fdt_finish} writes. */
    public static final int FDT_LAST_COMPATIBLE_VERSION = 0x10;
    /** Newest blob version libfdt reads, and the version {@code fdt_create} writes. */
    public static final int FDT_LAST_SUPPORTED_VERSION = 0x11;

    /** {@code fdt_create_with_flags} flag: do not de-duplicate property names. */
    public static final int FDT_CREATE_FLAG_NO_NAME_DEDUP = 0x1;
    /** Every flag {@code fdt_create_with_flags} accepts. */
    public static final int FDT_CREATE_FLAGS_ALL = FDT_CREATE_FLAG_NO_NAME_DEDUP;

    /** The requested node or property does not exist. */
    public static final int FDT_ERR_NOTFOUND = 1;
    /** A node or property of that name already exists. */
    public static final int FDT_ERR_EXISTS = 2;
    /** The buffer is too small. */
    public static final int FDT_ERR_NOSPACE = 3;
    /** A structure-block offset is out of bounds or does not point at the right tag. */
    public static final int FDT_ERR_BADOFFSET = 4;
    /** A badly formatted path. */
    public static final int FDT_ERR_BADPATH = 5;
    /** An invalid phandle. */
    public static final int FDT_ERR_BADPHANDLE = 6;
    /** A sequential-write function was called in the wrong state, or a blob is unfinished. */
    public static final int FDT_ERR_BADSTATE = 7;
    /** The blob ends early, or a block lies outside it. */
    public static final int FDT_ERR_TRUNCATED = 8;
    /** The blob's magic word is wrong. */
    public static final int FDT_ERR_BADMAGIC = 9;
    /** The blob's version is not supported. */
    public static final int FDT_ERR_BADVERSION = 10;
    /** The structure block is corrupt. */
    public static final int FDT_ERR_BADSTRUCTURE = 11;
    /** The blocks are in an order libfdt cannot edit in place. */
    public static final int FDT_ERR_BADLAYOUT = 12;
    /** libfdt found an internal inconsistency. */
    public static final int FDT_ERR_INTERNAL = 13;
    /** A bad {@code #address-cells} or {@code #size-cells}. */
    public static final int FDT_ERR_BADNCELLS = 14;
    /** A property value is malformed. */
    public static final int FDT_ERR_BADVALUE = 15;
    /** A device-tree overlay is malformed. */
    public static final int FDT_ERR_BADOVERLAY = 16;
    /** No phandle is left to allocate. */
    public static final int FDT_ERR_NOPHANDLES = 17;
    /** Unknown flags were passed. */
    public static final int FDT_ERR_BADFLAGS = 18;
    /**
     * The blob is not 8-byte aligned. Defined by 1.6.1 but missing from its {@code fdt_strerror} table; Java
     * buffers are treated as aligned, so this model never returns it.
     */
    public static final int FDT_ERR_ALIGNMENT = 19;
    /** Largest error code of libfdt 1.6.1. */
    public static final int FDT_ERR_MAX = 19;

    /** The names of 1.6.1's {@code fdt_errtable}, indexed by error code; it stops at BADFLAGS. */
    private static final String[] ERRTABLE = {
        null,
        "FDT_ERR_NOTFOUND", "FDT_ERR_EXISTS", "FDT_ERR_NOSPACE", "FDT_ERR_BADOFFSET", "FDT_ERR_BADPATH",
        "FDT_ERR_BADPHANDLE", "FDT_ERR_BADSTATE", "FDT_ERR_TRUNCATED", "FDT_ERR_BADMAGIC",
        "FDT_ERR_BADVERSION", "FDT_ERR_BADSTRUCTURE", "FDT_ERR_BADLAYOUT", "FDT_ERR_INTERNAL",
        "FDT_ERR_BADNCELLS", "FDT_ERR_BADVALUE", "FDT_ERR_BADOVERLAY", "FDT_ERR_NOPHANDLES",
        "FDT_ERR_BADFLAGS",
    };

    /**
     * Describes a libfdt return value as 1.6.1 does: a positive value is an offset or length, zero is no
     * error, and a negative one names the error (or is unknown, as -19 is in 1.6.1).
     */
    // libfdt fdt_strerror.c fdt_strerror
    public static String fdt_strerror(int errval) {
        if (errval > 0) {
            return "<valid offset/length>";
        } else if (errval == 0) {
            return "<no error>";
        } else if (errval != Integer.MIN_VALUE && -errval < ERRTABLE.length) {
            String s = ERRTABLE[-errval];
            if (s != null) {
                return s;
            }
        }
        return "<unknown error>";
    }

    /** Rounds up to a multiple of {@code a}, a power of two, in 32-bit arithmetic as C does. */
    static int FDT_ALIGN(int x, int a) {
        return (x + a - 1) & ~(a - 1);
    }

    /** Rounds up to a whole number of tokens, in 32-bit arithmetic as C does. */
    static int FDT_TAGALIGN(int x) {
        return FDT_ALIGN(x, FDT_TAGSIZE);
    }
}
