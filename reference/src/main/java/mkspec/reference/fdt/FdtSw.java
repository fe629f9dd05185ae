package mkspec.reference.fdt;

import static mkspec.reference.fdt.Libfdt.FDT_BEGIN_NODE;
import static mkspec.reference.fdt.Libfdt.FDT_CREATE_FLAGS_ALL;
import static mkspec.reference.fdt.Libfdt.FDT_CREATE_FLAG_NO_NAME_DEDUP;
import static mkspec.reference.fdt.Libfdt.FDT_END;
import static mkspec.reference.fdt.Libfdt.FDT_END_NODE;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADFLAGS;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADMAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADSTATE;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_NOSPACE;
import static mkspec.reference.fdt.Libfdt.FDT_LAST_COMPATIBLE_VERSION;
import static mkspec.reference.fdt.Libfdt.FDT_LAST_SUPPORTED_VERSION;
import static mkspec.reference.fdt.Libfdt.FDT_MAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_NODE_HEADER_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_PROP;
import static mkspec.reference.fdt.Libfdt.FDT_PROPERTY_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_RESERVE_ENTRY_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_SW_MAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_TAGALIGN;
import static mkspec.reference.fdt.Libfdt.FDT_TAGSIZE;
import static mkspec.reference.fdt.Libfdt.FDT_V17_SIZE;
import static mkspec.reference.fdt.Libfdt.OFF_LAST_COMP_VERSION;
import static mkspec.reference.fdt.Libfdt.OFF_MAGIC;
import static mkspec.reference.fdt.Libfdt.OFF_OFF_DT_STRINGS;
import static mkspec.reference.fdt.Libfdt.OFF_OFF_DT_STRUCT;
import static mkspec.reference.fdt.Libfdt.OFF_OFF_MEM_RSVMAP;
import static mkspec.reference.fdt.Libfdt.OFF_SIZE_DT_STRINGS;
import static mkspec.reference.fdt.Libfdt.OFF_SIZE_DT_STRUCT;
import static mkspec.reference.fdt.Libfdt.OFF_TOTALSIZE;
import static mkspec.reference.fdt.Libfdt.OFF_VERSION;

import java.util.Arrays;
import java.util.Objects;

/**
 * libfdt 1.6.1's sequential writer (fdt_sw.c) over a byte array, byte for byte.
 *
 * <p>All writer state lives in the buffer as libfdt keeps it: while writing, {@code magic} is
 * {@link Libfdt#FDT_SW_MAGIC}, {@code last_comp_version} holds the creation flags, {@code totalsize} is the
 * buffer size, {@code off_dt_strings} is 0 in the reservation-map state and {@code totalsize} in the structure
 * state, and the strings block grows down from the end of the buffer with negative name offsets.
 * {@link #fdt_finish} moves the strings after the structure, fixes the name offsets and writes the real header.
 * After any sequence of calls, successful or not, the buffer holds exactly the bytes libfdt leaves.
 *
 * <p>Functions return 0 or {@code -FDT_ERR_*} as libfdt does, so callers can OR the results together. Names and
 * string values are C strings of one byte per char (ISO-8859-1), cut at the first NUL as {@code strlen} would.
 * A write libfdt would make outside the buffer (only reachable from a corrupted header or a name longer than
 * the buffer) throws {@link IndexOutOfBoundsException} instead of corrupting memory.
 */
public final class FdtSw {

    private FdtSw() {
    }

    // ---------------------------------------------------------------- header words in the buffer

    private static int get(byte[] fdt, int off) {
        return (fdt[off] & 0xff) << 24 | (fdt[off + 1] & 0xff) << 16 | (fdt[off + 2] & 0xff) << 8
                | (fdt[off + 3] & 0xff);
    }

    private static void put32(byte[] fdt, long at, int v) {
        int i = index(fdt, at, 4);
        fdt[i] = (byte) (v >>> 24);
        fdt[i + 1] = (byte) (v >>> 16);
        fdt[i + 2] = (byte) (v >>> 8);
        fdt[i + 3] = (byte) v;
    }

    private static void put64(byte[] fdt, long at, long v) {
        put32(fdt, at, (int) (v >>> 32));
        put32(fdt, at + 4, (int) v);
    }

    private static int index(byte[] fdt, long at, long len) {
        if (at < 0 || len < 0 || at > fdt.length - len) {
            throw new IndexOutOfBoundsException(
                    "libfdt would write " + len + " bytes at " + at + " outside a buffer of " + fdt.length);
        }
        return (int) at;
    }

    private static long u(int v) {
        return Integer.toUnsignedLong(v);
    }

    // ---------------------------------------------------------------- state probes

    // libfdt fdt_sw.c fdt_sw_probe_
    private static int fdt_sw_probe_(byte[] fdt) {
        if (get(fdt, OFF_MAGIC) == FDT_MAGIC) {
            return -FDT_ERR_BADSTATE;
        } else if (get(fdt, OFF_MAGIC) != FDT_SW_MAGIC) {
            return -FDT_ERR_BADMAGIC;
        }
        return 0;
    }

    /** The 'memrsv' state, right after creation: reservations may be added. */
    // libfdt fdt_sw.c fdt_sw_probe_memrsv_
    private static int fdt_sw_probe_memrsv_(byte[] fdt) {
        int err = fdt_sw_probe_(fdt);
        if (err != 0) {
            return err;
        }
        if (get(fdt, OFF_OFF_DT_STRINGS) != 0) {
            return -FDT_ERR_BADSTATE;
        }
        return 0;
    }

    /** The 'struct' state, after fdt_finish_reservemap: nodes and properties may be added. */
    // libfdt fdt_sw.c fdt_sw_probe_struct_
    private static int fdt_sw_probe_struct_(byte[] fdt) {
        int err = fdt_sw_probe_(fdt);
        if (err != 0) {
            return err;
        }
        if (get(fdt, OFF_OFF_DT_STRINGS) != get(fdt, OFF_TOTALSIZE)) {
            return -FDT_ERR_BADSTATE;
        }
        return 0;
    }

    /**
     * Grows the structure block by {@code len} bytes (a C size_t, unsigned) and returns a pointer to the new
     * space, or -1 if it would meet the strings block.
     */
    // libfdt fdt_sw.c fdt_grab_space_
    private static long fdt_grab_space_(byte[] fdt, long len) {
        int offset = get(fdt, OFF_SIZE_DT_STRUCT);
        int spaceleft = get(fdt, OFF_TOTALSIZE) - get(fdt, OFF_OFF_DT_STRUCT) - get(fdt, OFF_SIZE_DT_STRINGS);
        long end = u(offset) + len;
        if (Long.compareUnsigned(end, u(offset)) < 0 || Long.compareUnsigned(end, u(spaceleft)) > 0) {
            return -1;
        }
        put32(fdt, OFF_SIZE_DT_STRUCT, (int) end);
        return u(get(fdt, OFF_OFF_DT_STRUCT)) + offset;
    }

    // ---------------------------------------------------------------- creation

    /**
     * Starts a blob in the first {@code bufsize} bytes of {@code buf}: zeroes them and writes the
     * sequential-write header. 0, or -NOSPACE if the buffer cannot hold the header and an aligned reservation
     * map start, or -BADFLAGS for unknown flags.
     *
     * @throws IllegalArgumentException if {@code bufsize} exceeds the array, which libfdt would overrun
     */
    // libfdt fdt_sw.c fdt_create_with_flags
    public static int fdt_create_with_flags(byte[] buf, int bufsize, int flags) {
        Objects.requireNonNull(buf, "buf");
        int hdrsize = Libfdt.FDT_ALIGN(FDT_V17_SIZE, FDT_RESERVE_ENTRY_SIZE);
        if (bufsize < hdrsize) {
            return -FDT_ERR_NOSPACE;
        }
        if ((flags & ~FDT_CREATE_FLAGS_ALL) != 0) {
            return -FDT_ERR_BADFLAGS;
        }
        if (bufsize > buf.length) {
            throw new IllegalArgumentException("bufsize " + bufsize + " exceeds the buffer of " + buf.length);
        }
        Arrays.fill(buf, 0, bufsize, (byte) 0);

        // magic and last_comp_version keep the writer's state until fdt_finish; the flags live in the latter
        put32(buf, OFF_MAGIC, FDT_SW_MAGIC);
        put32(buf, OFF_VERSION, FDT_LAST_SUPPORTED_VERSION);
        put32(buf, OFF_LAST_COMP_VERSION, flags);
        put32(buf, OFF_TOTALSIZE, bufsize);
        put32(buf, OFF_OFF_MEM_RSVMAP, hdrsize);
        put32(buf, OFF_OFF_DT_STRUCT, hdrsize);
        put32(buf, OFF_OFF_DT_STRINGS, 0);
        return 0;
    }

    /** {@link #fdt_create_with_flags} with no flags. */
    // libfdt fdt_sw.c fdt_create
    public static int fdt_create(byte[] buf, int bufsize) {
        return fdt_create_with_flags(buf, bufsize, 0);
    }

    /** Appends a memory reservation; 0, -NOSPACE, or -BADSTATE after fdt_finish_reservemap. */
    // libfdt fdt_sw.c fdt_add_reservemap_entry
    public static int fdt_add_reservemap_entry(byte[] fdt, long addr, long size) {
        int err = fdt_sw_probe_memrsv_(fdt);
        if (err != 0) {
            return err;
        }
        int offset = get(fdt, OFF_OFF_DT_STRUCT);
        // int + size_t: a negative offset becomes huge and fails
        if (Long.compareUnsigned((long) offset + FDT_RESERVE_ENTRY_SIZE, u(get(fdt, OFF_TOTALSIZE))) > 0) {
            return -FDT_ERR_NOSPACE;
        }
        put64(fdt, offset, addr);
        put64(fdt, offset + 8L, size);
        put32(fdt, OFF_OFF_DT_STRUCT, offset + FDT_RESERVE_ENTRY_SIZE);
        return 0;
    }

    /** Terminates the reservation map and enters the structure state; 0 or an error. */
    // libfdt fdt_sw.c fdt_finish_reservemap
    public static int fdt_finish_reservemap(byte[] fdt) {
        int err = fdt_add_reservemap_entry(fdt, 0, 0);
        if (err != 0) {
            return err;
        }
        put32(fdt, OFF_OFF_DT_STRINGS, get(fdt, OFF_TOTALSIZE));
        return 0;
    }

    // ---------------------------------------------------------------- structure

    /** Opens a node named {@code name}; 0, -NOSPACE, or -BADSTATE outside the structure state. */
    // libfdt fdt_sw.c fdt_begin_node
    public static int fdt_begin_node(byte[] fdt, String name) {
        int err = fdt_sw_probe_struct_(fdt);
        if (err != 0) {
            return err;
        }
        int namelen = strlen(name) + 1;
        long nh = fdt_grab_space_(fdt, FDT_NODE_HEADER_SIZE + (long) FDT_TAGALIGN(namelen));
        if (nh < 0) {
            return -FDT_ERR_NOSPACE;
        }
        put32(fdt, nh, FDT_BEGIN_NODE);
        copyCString(fdt, nh + FDT_NODE_HEADER_SIZE, name, namelen);
        return 0;
    }

    /** Closes the innermost open node; 0, -NOSPACE, or -BADSTATE. */
    // libfdt fdt_sw.c fdt_end_node
    public static int fdt_end_node(byte[] fdt) {
        int err = fdt_sw_probe_struct_(fdt);
        if (err != 0) {
            return err;
        }
        long en = fdt_grab_space_(fdt, FDT_TAGSIZE);
        if (en < 0) {
            return -FDT_ERR_NOSPACE;
        }
        put32(fdt, en, FDT_END_NODE);
        return 0;
    }

    /** Copies {@code s} below the strings block; its (negative) offset, or 0 if it would meet the structure. */
    // libfdt fdt_sw.c fdt_add_string_
    private static int fdt_add_string_(byte[] fdt, String s) {
        long strtab = u(get(fdt, OFF_TOTALSIZE));
        int strtabsize = get(fdt, OFF_SIZE_DT_STRINGS);
        int len = strlen(s) + 1;
        int offset = strtabsize + len;
        int structTop = get(fdt, OFF_OFF_DT_STRUCT) + get(fdt, OFF_SIZE_DT_STRUCT);
        if (Integer.compareUnsigned(get(fdt, OFF_TOTALSIZE) - offset, structTop) < 0) {
            return 0; // no more room
        }
        copyCString(fdt, strtab - u(offset), s, len);
        put32(fdt, OFF_SIZE_DT_STRINGS, strtabsize + len);
        return -offset;
    }

    /** Rolls back the last string added, after a failed property. */
    // libfdt fdt_sw.c fdt_del_last_string_
    private static void fdt_del_last_string_(byte[] fdt, String s) {
        int strtabsize = get(fdt, OFF_SIZE_DT_STRINGS);
        int len = strlen(s) + 1;
        put32(fdt, OFF_SIZE_DT_STRINGS, strtabsize - len);
    }

    /**
     * The offset of {@code s} in the strings block, matching any position in it (so a suffix of an earlier name
     * is shared), or of a new copy; {@code allocated[0]} tells which. 0 if there is no room.
     */
    // libfdt fdt_sw.c fdt_find_add_string_
    private static int fdt_find_add_string_(byte[] fdt, String s, int[] allocated) {
        long strtab = u(get(fdt, OFF_TOTALSIZE));
        int strtabsize = get(fdt, OFF_SIZE_DT_STRINGS);
        allocated[0] = 0;
        long p = fdt_find_string_(fdt, strtab - strtabsize, strtabsize, s);
        if (p >= 0) {
            return (int) (p - strtab);
        }
        allocated[0] = 1;
        return fdt_add_string_(fdt, s);
    }

    /** The first position in {@code [strtab, strtab + tabsize)} holding {@code s} and its NUL, or -1. */
    // libfdt fdt.c fdt_find_string_
    private static long fdt_find_string_(byte[] fdt, long strtab, int tabsize, String s) {
        int len = strlen(s) + 1;
        long last = strtab + tabsize - len;
        for (long p = strtab; p <= last; p++) {
            if (matches(fdt, p, s, len)) {
                return p;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] fdt, long p, String s, int len) {
        for (int i = 0; i < len; i++) {
            int want = i < len - 1 ? s.charAt(i) & 0xff : 0;
            if ((fdt[index(fdt, p + i, 1)] & 0xff) != want) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a property named {@code name} of {@code len} bytes whose value the caller fills in:
     * {@code valp[0]} receives the buffer offset of the value. 0, -NOSPACE, or -BADSTATE.
     *
     * @throws IllegalArgumentException for a negative length, on which libfdt misbehaves
     */
    // libfdt fdt_sw.c fdt_property_placeholder
    public static int fdt_property_placeholder(byte[] fdt, String name, int len, int[] valp) {
        int err = fdt_sw_probe_struct_(fdt);
        if (err != 0) {
            return err;
        }
        if (len < 0) {
            throw new IllegalArgumentException("negative property length " + len);
        }
        int[] allocated = {0};
        int nameoff;
        // de-duplication can be slow; the flag skips it
        if ((get(fdt, OFF_LAST_COMP_VERSION) & FDT_CREATE_FLAG_NO_NAME_DEDUP) != 0) {
            allocated[0] = 1;
            nameoff = fdt_add_string_(fdt, name);
        } else {
            nameoff = fdt_find_add_string_(fdt, name, allocated);
        }
        if (nameoff == 0) {
            return -FDT_ERR_NOSPACE;
        }
        // a length near INT_MAX wraps negative here and then fails the size_t overflow check, as in C
        long grab = FDT_PROPERTY_SIZE + (long) FDT_TAGALIGN(len);
        long prop = fdt_grab_space_(fdt, grab);
        if (prop < 0) {
            if (allocated[0] != 0) {
                fdt_del_last_string_(fdt, name);
            }
            return -FDT_ERR_NOSPACE;
        }
        put32(fdt, prop, FDT_PROP);
        put32(fdt, prop + 4, len);
        put32(fdt, prop + 8, nameoff);
        valp[0] = (int) (prop + FDT_PROPERTY_SIZE);
        return 0;
    }

    /**
     * Adds a property whose value is the first {@code len} bytes of {@code val}; 0, -NOSPACE, or -BADSTATE.
     * Padding up to the next token is left as the buffer had it.
     */
    // libfdt fdt_sw.c fdt_property
    public static int fdt_property(byte[] fdt, String name, byte[] val, int len) {
        Objects.requireNonNull(val, "val");
        if (len > val.length) {
            throw new IllegalArgumentException("len " + len + " exceeds the value's " + val.length + " bytes");
        }
        int[] ptr = {0};
        int ret = fdt_property_placeholder(fdt, name, len, ptr);
        if (ret != 0) {
            return ret;
        }
        System.arraycopy(val, 0, fdt, index(fdt, ptr[0], len), len);
        return 0;
    }

    /** Adds a property holding the C string {@code val} with its NUL. */
    // libfdt libfdt.h fdt_property_string
    public static int fdt_property_string(byte[] fdt, String name, String val) {
        int n = strlen(val);
        byte[] bytes = new byte[n + 1];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) val.charAt(i);
        }
        return fdt_property(fdt, name, bytes, n + 1);
    }

    /** Adds a property holding one big-endian 32-bit word. */
    // libfdt libfdt.h fdt_property_u32
    public static int fdt_property_u32(byte[] fdt, String name, int val) {
        byte[] b = {(byte) (val >>> 24), (byte) (val >>> 16), (byte) (val >>> 8), (byte) val};
        return fdt_property(fdt, name, b, 4);
    }

    /** Adds a property holding one big-endian 64-bit word. */
    // libfdt libfdt.h fdt_property_u64
    public static int fdt_property_u64(byte[] fdt, String name, long val) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (val >>> (56 - 8 * i));
        }
        return fdt_property(fdt, name, b, 8);
    }

    /** Adds a property holding one cell: {@link #fdt_property_u32}. */
    // libfdt libfdt.h fdt_property_cell
    public static int fdt_property_cell(byte[] fdt, String name, int val) {
        return fdt_property_u32(fdt, name, val);
    }

    // ---------------------------------------------------------------- finish

    /**
     * Ends the structure block with FDT_END, moves the strings block after it, rebases every property name
     * offset, and writes the final header: {@code totalsize} shrinks to the data, {@code last_comp_version} is
     * 16 and the magic becomes {@link Libfdt#FDT_MAGIC}. 0, -NOSPACE, -BADSTATE, or a structure error.
     */
    // libfdt fdt_sw.c fdt_finish
    public static int fdt_finish(byte[] fdt) {
        int err = fdt_sw_probe_struct_(fdt);
        if (err != 0) {
            return err;
        }
        // add the terminator
        long end = fdt_grab_space_(fdt, 4);
        if (end < 0) {
            return -FDT_ERR_NOSPACE;
        }
        put32(fdt, end, FDT_END);

        // relocate the strings block
        int sizeStrings = get(fdt, OFF_SIZE_DT_STRINGS);
        int oldstroffset = get(fdt, OFF_TOTALSIZE) - sizeStrings;
        int newstroffset = get(fdt, OFF_OFF_DT_STRUCT) + get(fdt, OFF_SIZE_DT_STRUCT);
        System.arraycopy(fdt, index(fdt, oldstroffset, u(sizeStrings)), fdt, index(fdt, newstroffset, u(sizeStrings)),
                sizeStrings);
        put32(fdt, OFF_OFF_DT_STRINGS, newstroffset);

        // walk the structure, correcting the name offsets
        FdtView view = FdtView.of(fdt);
        int offset = 0;
        int[] nextoffset = {0};
        int tag;
        while ((tag = FdtRo.fdt_next_tag(view, offset, nextoffset)) != FDT_END) {
            if (tag == FDT_PROP) {
                long prop = FdtRo.fdt_offset_ptr_(view, offset);
                int nameoff = get(fdt, index(fdt, prop + 8, 4));
                put32(fdt, prop + 8, nameoff + get(fdt, OFF_SIZE_DT_STRINGS));
            }
            offset = nextoffset[0];
        }
        if (nextoffset[0] < 0) {
            return nextoffset[0];
        }

        // finally, the header
        put32(fdt, OFF_TOTALSIZE, newstroffset + get(fdt, OFF_SIZE_DT_STRINGS));
        // and the fields that kept the writer's state
        put32(fdt, OFF_LAST_COMP_VERSION, FDT_LAST_COMPATIBLE_VERSION);
        put32(fdt, OFF_MAGIC, FDT_MAGIC);
        return 0;
    }

    // ---------------------------------------------------------------- C strings

    /** {@code strlen} of a Java string read as one byte per char: up to the first NUL char. */
    private static int strlen(String s) {
        int i = s.indexOf('\0');
        return i < 0 ? s.length() : i;
    }

    /** Writes the first {@code len - 1} chars of {@code s} as bytes and a NUL, as memcpy of a C string. */
    private static void copyCString(byte[] fdt, long at, String s, int len) {
        int i = index(fdt, at, len);
        for (int k = 0; k < len - 1; k++) {
            fdt[i + k] = (byte) s.charAt(k);
        }
        fdt[i + len - 1] = 0;
    }
}
