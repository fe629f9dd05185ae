package mkspec.reference.fdt;

import static mkspec.reference.fdt.Libfdt.FDT_BEGIN_NODE;
import static mkspec.reference.fdt.Libfdt.FDT_END;
import static mkspec.reference.fdt.Libfdt.FDT_END_NODE;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADMAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADOFFSET;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADPATH;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADSTATE;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADSTRUCTURE;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_BADVERSION;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_INTERNAL;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_NOTFOUND;
import static mkspec.reference.fdt.Libfdt.FDT_ERR_TRUNCATED;
import static mkspec.reference.fdt.Libfdt.FDT_FIRST_SUPPORTED_VERSION;
import static mkspec.reference.fdt.Libfdt.FDT_LAST_SUPPORTED_VERSION;
import static mkspec.reference.fdt.Libfdt.FDT_MAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_NOP;
import static mkspec.reference.fdt.Libfdt.FDT_PROP;
import static mkspec.reference.fdt.Libfdt.FDT_PROPERTY_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_RESERVE_ENTRY_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_SW_MAGIC;
import static mkspec.reference.fdt.Libfdt.FDT_TAGALIGN;
import static mkspec.reference.fdt.Libfdt.FDT_TAGSIZE;
import static mkspec.reference.fdt.Libfdt.FDT_V16_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_V17_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_V1_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_V2_SIZE;
import static mkspec.reference.fdt.Libfdt.FDT_V3_SIZE;

import java.nio.charset.StandardCharsets;

/**
 * libfdt 1.6.1's read-only access (fdt.c, fdt_ro.c, fdt_check.c) over an {@link FdtView}, built with no
 * assumptions ({@code FDT_ASSUME_MASK} 0), as Debian's libfdt1 is.
 *
 * <p>Conventions follow the C: functions return an offset or 0, or a negative {@code -FDT_ERR_*}. A C pointer
 * into the blob is a {@code long} byte offset into the view, and {@code NULL} is {@link #NULL}. A C
 * out-parameter is a one-element array that receives the value in element 0; where the C accepts {@code NULL}
 * the array may be {@code null}. 32-bit header words are returned as {@code int} raw bits: they are unsigned in
 * C, so compare them with {@link Integer#compareUnsigned}. Names and strings are byte strings, one char per
 * byte (ISO-8859-1). The view is always 8-byte aligned, so {@code FDT_ERR_ALIGNMENT} never arises.
 *
 * <p>Every byte libfdt reads is read through the view, so reads past the buffer are counted there.
 */
public final class FdtRo {

    /** The C null pointer among returned pointers. */
    public static final long NULL = -1;

    private static final int INT32_MAX = Integer.MAX_VALUE;

    private FdtRo() {
    }

    // ---------------------------------------------------------------- header (libfdt.h fdt_get_header)

    /** The header's {@code magic}. */
    public static int fdt_magic(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_MAGIC);
    }

    /** The header's {@code totalsize}. */
    public static int fdt_totalsize(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_TOTALSIZE);
    }

    /** The header's {@code off_dt_struct}. */
    public static int fdt_off_dt_struct(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_OFF_DT_STRUCT);
    }

    /** The header's {@code off_dt_strings}. */
    public static int fdt_off_dt_strings(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_OFF_DT_STRINGS);
    }

    /** The header's {@code off_mem_rsvmap}. */
    public static int fdt_off_mem_rsvmap(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_OFF_MEM_RSVMAP);
    }

    /** The header's {@code version}. */
    public static int fdt_version(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_VERSION);
    }

    /** The header's {@code last_comp_version}. */
    public static int fdt_last_comp_version(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_LAST_COMP_VERSION);
    }

    /** The header's {@code boot_cpuid_phys}. */
    public static int fdt_boot_cpuid_phys(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_BOOT_CPUID_PHYS);
    }

    /** The header's {@code size_dt_strings}. */
    public static int fdt_size_dt_strings(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_SIZE_DT_STRINGS);
    }

    /** The header's {@code size_dt_struct}. */
    public static int fdt_size_dt_struct(FdtView fdt) {
        return fdt.u32(Libfdt.OFF_SIZE_DT_STRUCT);
    }

    private static boolean ult(int a, int b) {
        return Integer.compareUnsigned(a, b) < 0;
    }

    private static boolean ugt(int a, int b) {
        return Integer.compareUnsigned(a, b) > 0;
    }

    private static long u(int a) {
        return Integer.toUnsignedLong(a);
    }

    // ---------------------------------------------------------------- fdt.c

    /**
     * The minimal sanity check of read-only functions: the magic is finished or sequential-write, the version is
     * readable, an unfinished blob has a structure, and {@code totalsize} fits an int32. Returns totalsize or an
     * error.
     */
    // libfdt fdt.c fdt_ro_probe_
    static int fdt_ro_probe_(FdtView fdt) {
        int totalsize = fdt_totalsize(fdt);
        if (fdt_magic(fdt) == FDT_MAGIC) {
            // complete tree
            if (ult(fdt_version(fdt), FDT_FIRST_SUPPORTED_VERSION)) {
                return -FDT_ERR_BADVERSION;
            }
            if (ugt(fdt_last_comp_version(fdt), FDT_LAST_SUPPORTED_VERSION)) {
                return -FDT_ERR_BADVERSION;
            }
        } else if (fdt_magic(fdt) == FDT_SW_MAGIC) {
            // unfinished sequential-write blob
            if (fdt_size_dt_struct(fdt) == 0) {
                return -FDT_ERR_BADSTATE;
            }
        } else {
            return -FDT_ERR_BADMAGIC;
        }
        return ult(totalsize, INT32_MAX) ? totalsize : -FDT_ERR_TRUNCATED;
    }

    // libfdt fdt.c check_off_
    private static boolean check_off_(int hdrsize, int totalsize, int off) {
        return !ult(off, hdrsize) && !ugt(off, totalsize);
    }

    // libfdt fdt.c check_block_
    private static boolean check_block_(int hdrsize, int totalsize, int base, int size) {
        if (!check_off_(hdrsize, totalsize, base)) {
            return false; // block start out of bounds
        }
        if (ult(base + size, base)) {
            return false; // overflow
        }
        return check_off_(hdrsize, totalsize, base + size); // block end
    }

    /** The header size of a blob of the given version. */
    // libfdt fdt.c fdt_header_size_
    public static int fdt_header_size_(int version) {
        if (!ugt(version, 1)) {
            return FDT_V1_SIZE;
        } else if (!ugt(version, 2)) {
            return FDT_V2_SIZE;
        } else if (!ugt(version, 3)) {
            return FDT_V3_SIZE;
        } else if (!ugt(version, 16)) {
            return FDT_V16_SIZE;
        }
        return FDT_V17_SIZE;
    }

    /** The header size of this blob, from its version. */
    // libfdt fdt.c fdt_header_size
    public static int fdt_header_size(FdtView fdt) {
        return fdt_header_size_(fdt_version(fdt));
    }

    /**
     * Checks that the header describes a finished blob whose blocks lie inside {@code totalsize}; 0 or
     * BADMAGIC, BADVERSION, TRUNCATED.
     */
    // libfdt fdt.c fdt_check_header
    public static int fdt_check_header(FdtView fdt) {
        if (fdt_magic(fdt) != FDT_MAGIC) {
            return -FDT_ERR_BADMAGIC;
        }
        if (ult(fdt_version(fdt), FDT_FIRST_SUPPORTED_VERSION)
                || ugt(fdt_last_comp_version(fdt), FDT_LAST_SUPPORTED_VERSION)) {
            return -FDT_ERR_BADVERSION;
        }
        if (ult(fdt_version(fdt), fdt_last_comp_version(fdt))) {
            return -FDT_ERR_BADVERSION;
        }
        int hdrsize = fdt_header_size(fdt);
        if (ult(fdt_totalsize(fdt), hdrsize) || ugt(fdt_totalsize(fdt), Integer.MAX_VALUE)) {
            return -FDT_ERR_TRUNCATED;
        }
        if (!check_off_(hdrsize, fdt_totalsize(fdt), fdt_off_mem_rsvmap(fdt))) {
            return -FDT_ERR_TRUNCATED;
        }
        if (ult(fdt_version(fdt), 17)) {
            if (!check_off_(hdrsize, fdt_totalsize(fdt), fdt_off_dt_struct(fdt))) {
                return -FDT_ERR_TRUNCATED;
            }
        } else if (!check_block_(hdrsize, fdt_totalsize(fdt), fdt_off_dt_struct(fdt), fdt_size_dt_struct(fdt))) {
            return -FDT_ERR_TRUNCATED;
        }
        if (!check_block_(hdrsize, fdt_totalsize(fdt), fdt_off_dt_strings(fdt), fdt_size_dt_strings(fdt))) {
            return -FDT_ERR_TRUNCATED;
        }
        return 0;
    }

    /** The pointer {@code fdt + off_dt_struct + offset}, unchecked. */
    // libfdt libfdt_internal.h fdt_offset_ptr_
    static long fdt_offset_ptr_(FdtView fdt, int offset) {
        return u(fdt_off_dt_struct(fdt)) + offset;
    }

    /**
     * A pointer to {@code len} bytes at structure offset {@code offset}, or {@link #NULL} if they do not lie
     * inside both {@code totalsize} and (version 17) the structure block.
     */
    // libfdt fdt.c fdt_offset_ptr
    public static long fdt_offset_ptr(FdtView fdt, int offset, int len) {
        int uoffset = offset;
        int absoffset = offset + fdt_off_dt_struct(fdt);
        if (offset < 0) {
            return NULL;
        }
        if (ult(absoffset, uoffset) || ult(absoffset + len, absoffset) || ugt(absoffset + len, fdt_totalsize(fdt))) {
            return NULL;
        }
        if (!ult(fdt_version(fdt), 0x11)) {
            if (ult(uoffset + len, uoffset) || ugt(offset + len, fdt_size_dt_struct(fdt))) {
                return NULL;
            }
        }
        return fdt_offset_ptr_(fdt, offset);
    }

    /**
     * The tag at structure offset {@code startoffset}; {@code nextoffset[0]} receives the offset of the next tag,
     * or -TRUNCATED / -BADSTRUCTURE when FDT_END is returned for a premature end or a bad tag.
     */
    // libfdt fdt.c fdt_next_tag
    public static int fdt_next_tag(FdtView fdt, int startoffset, int[] nextoffset) {
        int offset = startoffset;
        nextoffset[0] = -FDT_ERR_TRUNCATED;
        long tagp = fdt_offset_ptr(fdt, offset, FDT_TAGSIZE);
        if (tagp == NULL) {
            return FDT_END; // premature end
        }
        int tag = fdt.u32(tagp);
        offset += FDT_TAGSIZE;

        nextoffset[0] = -FDT_ERR_BADSTRUCTURE;
        switch (tag) {
            case FDT_BEGIN_NODE: {
                // skip the name
                long p;
                do {
                    p = fdt_offset_ptr(fdt, offset++, 1);
                } while (p != NULL && fdt.u8(p) != 0);
                if (p == NULL) {
                    return FDT_END; // premature end
                }
                break;
            }
            case FDT_PROP: {
                long lenp = fdt_offset_ptr(fdt, offset, 4);
                if (lenp == NULL) {
                    return FDT_END; // premature end
                }
                offset = afterProperty(fdt, offset, fdt.u32(lenp));
                // A length of -12 (or -16 before version 16, with the realignment) brings the offset back onto
                // this very token: 1.6.1 loops for ever there, later libfdt (which the kernel carries) calls it a
                // premature end, and so does mkspec. Every other length goes as in 1.6.1: -11 to -1 step forward
                // to a token inside the property, anything lower fails the bounds check below.
                if (offset == startoffset) {
                    return FDT_END;
                }
                break;
            }
            case FDT_END:
            case FDT_END_NODE:
            case FDT_NOP:
                break;
            default:
                return FDT_END;
        }
        if (fdt_offset_ptr(fdt, startoffset, offset - startoffset) == NULL) {
            return FDT_END; // premature end
        }
        nextoffset[0] = FDT_TAGALIGN(offset);
        return tag;
    }

    /**
     * The offset after a property whose length word reads {@code len}, from {@code offset} just past its tag:
     * the name offset, the length and the value skipped, wrapping as the C int does, and before version 16 a
     * long value's realignment.
     */
    private static int afterProperty(FdtView fdt, int offset, int len) {
        int after = offset + FDT_PROPERTY_SIZE - FDT_TAGSIZE + len;
        if (ult(fdt_version(fdt), 0x10) && !ult(len, 8) && ((after - len) & 7) != 0) {
            after += 4;
        }
        return after;
    }

    /**
     * Whether the token at structure offset {@code offset} is a property whose length brings libfdt 1.6.1's
     * {@code fdt_next_tag} back onto it, so that 1.6.1 loops there for ever.
     */
    public static boolean loopsInLibfdt161(FdtView fdt, int offset) {
        long tagp = fdt_offset_ptr(fdt, offset, FDT_TAGSIZE);
        long lenp = fdt_offset_ptr(fdt, offset + FDT_TAGSIZE, 4);
        return tagp != NULL && lenp != NULL && fdt.u32(tagp) == FDT_PROP
                && afterProperty(fdt, offset + FDT_TAGSIZE, fdt.u32(lenp)) == offset;
    }

    /** {@code offset} if it is an aligned FDT_BEGIN_NODE, returning the offset after it; else -BADOFFSET. */
    // libfdt fdt.c fdt_check_node_offset_
    static int fdt_check_node_offset_(FdtView fdt, int offset) {
        if (offset < 0 || offset % FDT_TAGSIZE != 0) {
            return -FDT_ERR_BADOFFSET;
        }
        int[] next = {offset};
        if (fdt_next_tag(fdt, offset, next) != FDT_BEGIN_NODE) {
            return -FDT_ERR_BADOFFSET;
        }
        return next[0];
    }

    /** {@code offset} if it is an aligned FDT_PROP, returning the offset after it; else -BADOFFSET. */
    // libfdt fdt.c fdt_check_prop_offset_
    static int fdt_check_prop_offset_(FdtView fdt, int offset) {
        if (offset < 0 || offset % FDT_TAGSIZE != 0) {
            return -FDT_ERR_BADOFFSET;
        }
        int[] next = {offset};
        if (fdt_next_tag(fdt, offset, next) != FDT_PROP) {
            return -FDT_ERR_BADOFFSET;
        }
        return next[0];
    }

    /**
     * The next node after {@code offset} in document order (the first node when {@code offset} is negative);
     * {@code depth[0]}, if given, is raised for each node entered and lowered for each left.
     */
    // libfdt fdt.c fdt_next_node
    public static int fdt_next_node(FdtView fdt, int offset, int[] depth) {
        int[] nextoffset = {0};
        if (offset >= 0) {
            nextoffset[0] = fdt_check_node_offset_(fdt, offset);
            if (nextoffset[0] < 0) {
                return nextoffset[0];
            }
        }
        int tag;
        do {
            offset = nextoffset[0];
            tag = fdt_next_tag(fdt, offset, nextoffset);
            switch (tag) {
                case FDT_PROP:
                case FDT_NOP:
                    break;
                case FDT_BEGIN_NODE:
                    if (depth != null) {
                        depth[0]++;
                    }
                    break;
                case FDT_END_NODE:
                    if (depth != null && --depth[0] < 0) {
                        return nextoffset[0];
                    }
                    break;
                case FDT_END:
                    if (nextoffset[0] >= 0 || (nextoffset[0] == -FDT_ERR_TRUNCATED && depth == null)) {
                        return -FDT_ERR_NOTFOUND;
                    }
                    return nextoffset[0];
                default:
                    break;
            }
        } while (tag != FDT_BEGIN_NODE);
        return offset;
    }

    /** The first child of the node at {@code offset}, or -NOTFOUND. */
    // libfdt fdt.c fdt_first_subnode
    public static int fdt_first_subnode(FdtView fdt, int offset) {
        int[] depth = {0};
        offset = fdt_next_node(fdt, offset, depth);
        if (offset < 0 || depth[0] != 1) {
            return -FDT_ERR_NOTFOUND;
        }
        return offset;
    }

    /** The next sibling of the node at {@code offset}, or -NOTFOUND. */
    // libfdt fdt.c fdt_next_subnode
    public static int fdt_next_subnode(FdtView fdt, int offset) {
        int[] depth = {1};
        // with respect to the parent, the next subnode has the depth of the last one
        do {
            offset = fdt_next_node(fdt, offset, depth);
            if (offset < 0 || depth[0] < 1) {
                return -FDT_ERR_NOTFOUND;
            }
        } while (depth[0] > 1);
        return offset;
    }

    // ---------------------------------------------------------------- fdt_ro.c

    /**
     * Whether the node at {@code offset} is named {@code s[0..len)}, or {@code s[0..len)@...} when {@code s} has
     * no unit address.
     */
    // libfdt fdt_ro.c fdt_nodename_eq_
    private static boolean fdt_nodename_eq_(FdtView fdt, int offset, byte[] s, int sOff, int len) {
        int[] olen = {0};
        long p = fdt_get_name(fdt, offset, olen);
        if (p == NULL || olen[0] < len) {
            return false; // short match
        }
        if (!memeq(fdt, p, s, sOff, len)) {
            return false;
        }
        int next = fdt.u8(p + len);
        if (next == 0) {
            return true;
        }
        return indexOf(s, sOff, len, (byte) '@') < 0 && next == '@';
    }

    /**
     * A pointer to the string at {@code stroffset} in the strings block, checking that it lies inside the block
     * and is terminated there; {@code lenp[0]} receives its length or the error.
     */
    // libfdt fdt_ro.c fdt_get_string
    public static long fdt_get_string(FdtView fdt, int stroffset, int[] lenp) {
        int err;
        int totalsize = fdt_ro_probe_(fdt);
        fail:
        {
            err = totalsize;
            if (totalsize < 0) {
                break fail;
            }
            err = -FDT_ERR_BADOFFSET;
            int absoffset = stroffset + fdt_off_dt_strings(fdt);
            if (!ult(absoffset, totalsize)) {
                break fail;
            }
            long len = u(totalsize) - u(absoffset);
            if (fdt_magic(fdt) == FDT_MAGIC) {
                if (stroffset < 0) {
                    break fail;
                }
                if (!ult(fdt_version(fdt), 17)) {
                    if (!ult(stroffset, fdt_size_dt_strings(fdt))) {
                        break fail;
                    }
                    if (u(fdt_size_dt_strings(fdt) - stroffset) < len) {
                        len = u(fdt_size_dt_strings(fdt) - stroffset);
                    }
                }
            } else if (fdt_magic(fdt) == FDT_SW_MAGIC) {
                int swStroffset = -stroffset;
                if (stroffset >= 0 || ugt(swStroffset, fdt_size_dt_strings(fdt))) {
                    break fail;
                }
                if (u(swStroffset) < len) {
                    len = u(swStroffset);
                }
            } else {
                err = -FDT_ERR_INTERNAL;
                break fail;
            }
            long s = u(absoffset);
            long n = memchr(fdt, s, 0, len);
            if (n == NULL) {
                err = -FDT_ERR_TRUNCATED; // missing terminating NUL
                break fail;
            }
            if (lenp != null) {
                lenp[0] = (int) (n - s);
            }
            return s;
        }
        if (lenp != null) {
            lenp[0] = err;
        }
        return NULL;
    }

    /** The string at {@code stroffset}, or {@link #NULL} where {@link #fdt_get_string} fails. */
    // libfdt fdt_ro.c fdt_string
    public static long fdt_string(FdtView fdt, int stroffset) {
        return fdt_get_string(fdt, stroffset, null);
    }

    // libfdt fdt_ro.c fdt_string_eq_
    private static boolean fdt_string_eq_(FdtView fdt, int stroffset, byte[] s, int len) {
        int[] slen = {0};
        long p = fdt_get_string(fdt, stroffset, slen);
        return p != NULL && slen[0] == len && memeq(fdt, p, s, 0, len);
    }

    /** A pointer to reservation {@code n}, or {@link #NULL} when it would not lie inside {@code totalsize}. */
    // libfdt fdt_ro.c fdt_mem_rsv
    private static long fdt_mem_rsv(FdtView fdt, int n) {
        int offset = n * FDT_RESERVE_ENTRY_SIZE;
        int absoffset = fdt_off_mem_rsvmap(fdt) + offset;
        if (ult(absoffset, fdt_off_mem_rsvmap(fdt))) {
            return NULL;
        }
        // size_t arithmetic: a totalsize below 16 wraps and never bounds the table
        long last = u(fdt_totalsize(fdt)) - FDT_RESERVE_ENTRY_SIZE;
        if (last >= 0 && u(absoffset) > last) {
            return NULL;
        }
        return u(fdt_off_mem_rsvmap(fdt)) + (long) n * FDT_RESERVE_ENTRY_SIZE;
    }

    /** Reads reservation {@code n} into {@code address[0]} and {@code size[0]}; 0, or an error. */
    // libfdt fdt_ro.c fdt_get_mem_rsv
    public static int fdt_get_mem_rsv(FdtView fdt, int n, long[] address, long[] size) {
        int probe = fdt_ro_probe_(fdt);
        if (probe < 0) {
            return probe;
        }
        long re = fdt_mem_rsv(fdt, n);
        if (re == NULL) {
            return -FDT_ERR_BADOFFSET;
        }
        address[0] = fdt.u64(re);
        size[0] = fdt.u64(re + 8);
        return 0;
    }

    /** The number of reservations before the zero-size terminator, or -TRUNCATED if none is found. */
    // libfdt fdt_ro.c fdt_num_mem_rsv
    public static int fdt_num_mem_rsv(FdtView fdt) {
        long re;
        for (int i = 0; (re = fdt_mem_rsv(fdt, i)) != NULL; i++) {
            if (fdt.u64(re + 8) == 0) {
                return i;
            }
        }
        return -FDT_ERR_TRUNCATED;
    }

    // libfdt fdt_ro.c nextprop_
    private static int nextprop_(FdtView fdt, int offset) {
        int[] nextoffset = {0};
        int tag;
        do {
            tag = fdt_next_tag(fdt, offset, nextoffset);
            switch (tag) {
                case FDT_END:
                    return nextoffset[0] >= 0 ? -FDT_ERR_BADSTRUCTURE : nextoffset[0];
                case FDT_PROP:
                    return offset;
                default:
                    break;
            }
            offset = nextoffset[0];
        } while (tag == FDT_NOP);
        return -FDT_ERR_NOTFOUND;
    }

    /**
     * The child of the node at {@code offset} named by the first {@code namelen} bytes of {@code name} (a name
     * without unit address also matches {@code name@unit}), or -NOTFOUND, or an error.
     */
    // libfdt fdt_ro.c fdt_subnode_offset_namelen
    public static int fdt_subnode_offset_namelen(FdtView fdt, int offset, String name, int namelen) {
        return subnode_offset_namelen(fdt, offset, bytes(name), 0, namelen);
    }

    /** The child of the node at {@code parentoffset} named {@code name}, or -NOTFOUND, or an error. */
    // libfdt fdt_ro.c fdt_subnode_offset
    public static int fdt_subnode_offset(FdtView fdt, int parentoffset, String name) {
        byte[] s = bytes(name);
        return subnode_offset_namelen(fdt, parentoffset, s, 0, cstrlen(s, 0));
    }

    private static int subnode_offset_namelen(FdtView fdt, int offset, byte[] name, int nameOff, int namelen) {
        int probe = fdt_ro_probe_(fdt);
        if (probe < 0) {
            return probe;
        }
        int[] depth = {0};
        for (; offset >= 0 && depth[0] >= 0; offset = fdt_next_node(fdt, offset, depth)) {
            if (depth[0] == 1 && fdt_nodename_eq_(fdt, offset, name, nameOff, namelen)) {
                return offset;
            }
        }
        if (depth[0] < 0) {
            return -FDT_ERR_NOTFOUND;
        }
        return offset; // error
    }

    /**
     * The node at {@code path}, absolute or starting with an alias from {@code /aliases}; -BADPATH for an unknown
     * alias, -NOTFOUND for a missing node, or another error.
     */
    // libfdt fdt_ro.c fdt_path_offset
    public static int fdt_path_offset(FdtView fdt, String path) {
        byte[] p = bytes(path);
        return fdt_path_offset_namelen(fdt, p, cstrlen(p, 0));
    }

    // libfdt fdt_ro.c fdt_path_offset_namelen
    private static int fdt_path_offset_namelen(FdtView fdt, byte[] path, int namelen) {
        int end = namelen;
        int p = 0;
        int offset = 0;
        int probe = fdt_ro_probe_(fdt);
        if (probe < 0) {
            return probe;
        }
        // see if we have an alias
        if (at(path, 0) != '/') {
            int q = indexOf(path, p, end - p, (byte) '/');
            if (q < 0) {
                q = end;
            }
            long alias = fdt_get_alias_namelen(fdt, path, p, q - p);
            if (alias == NULL) {
                return -FDT_ERR_BADPATH;
            }
            // the alias value is a C string inside the blob
            byte[] aliasPath = fdt.read(alias, fdt.strlen(alias));
            offset = fdt_path_offset_namelen(fdt, aliasPath, aliasPath.length);
            p = q;
        }
        while (p < end) {
            while (at(path, p) == '/') {
                p++;
                if (p == end) {
                    return offset;
                }
            }
            int q = indexOf(path, p, end - p, (byte) '/');
            if (q < 0) {
                q = end;
            }
            offset = subnode_offset_namelen(fdt, offset, path, p, q - p);
            if (offset < 0) {
                return offset;
            }
            p = q;
        }
        return offset;
    }

    /**
     * A pointer to the name of the node at {@code nodeoffset} (the leaf of the path for blobs before version
     * 16); {@code len[0]} receives its length or the error.
     */
    // libfdt fdt_ro.c fdt_get_name
    public static long fdt_get_name(FdtView fdt, int nodeoffset, int[] len) {
        long nh = fdt_offset_ptr_(fdt, nodeoffset);
        int err;
        fail:
        {
            err = fdt_ro_probe_(fdt);
            if (err < 0) {
                break fail;
            }
            err = fdt_check_node_offset_(fdt, nodeoffset);
            if (err < 0) {
                break fail;
            }
            long nameptr = nh + Libfdt.FDT_NODE_HEADER_SIZE;
            if (ult(fdt_version(fdt), 0x10)) {
                // old versions hold the full path: give only the leaf, as version 16 does
                long leaf = strrchr(fdt, nameptr, '/');
                if (leaf == NULL) {
                    err = -FDT_ERR_BADSTRUCTURE;
                    break fail;
                }
                nameptr = leaf + 1;
            }
            if (len != null) {
                len[0] = fdt.strlen(nameptr);
            }
            return nameptr;
        }
        if (len != null) {
            len[0] = err;
        }
        return NULL;
    }

    /** The offset of the first property of the node at {@code nodeoffset}, or -NOTFOUND, or an error. */
    // libfdt fdt_ro.c fdt_first_property_offset
    public static int fdt_first_property_offset(FdtView fdt, int nodeoffset) {
        int offset = fdt_check_node_offset_(fdt, nodeoffset);
        if (offset < 0) {
            return offset;
        }
        return nextprop_(fdt, offset);
    }

    /** The offset of the property after the one at {@code offset}, or -NOTFOUND, or an error. */
    // libfdt fdt_ro.c fdt_next_property_offset
    public static int fdt_next_property_offset(FdtView fdt, int offset) {
        offset = fdt_check_prop_offset_(fdt, offset);
        if (offset < 0) {
            return offset;
        }
        return nextprop_(fdt, offset);
    }

    // libfdt fdt_ro.c fdt_get_property_by_offset_
    private static long fdt_get_property_by_offset_(FdtView fdt, int offset, int[] lenp) {
        int err = fdt_check_prop_offset_(fdt, offset);
        if (err < 0) {
            if (lenp != null) {
                lenp[0] = err;
            }
            return NULL;
        }
        long prop = fdt_offset_ptr_(fdt, offset);
        if (lenp != null) {
            lenp[0] = fdt.u32(prop + 4);
        }
        return prop;
    }

    /**
     * A pointer to the {@code struct fdt_property} at {@code offset}; {@code lenp[0]} receives its value length
     * or the error. Blobs before version 16 give -BADVERSION, as their values may need realignment.
     */
    // libfdt fdt_ro.c fdt_get_property_by_offset
    public static long fdt_get_property_by_offset(FdtView fdt, int offset, int[] lenp) {
        if (ult(fdt_version(fdt), 0x10)) {
            if (lenp != null) {
                lenp[0] = -FDT_ERR_BADVERSION;
            }
            return NULL;
        }
        return fdt_get_property_by_offset_(fdt, offset, lenp);
    }

    // libfdt fdt_ro.c fdt_get_property_namelen_; poffset receives the property's offset
    private static long fdt_get_property_namelen_(FdtView fdt, int offset, byte[] name, int namelen, int[] lenp,
            int[] poffset) {
        for (offset = fdt_first_property_offset(fdt, offset); offset >= 0;
                offset = fdt_next_property_offset(fdt, offset)) {
            long prop = fdt_get_property_by_offset_(fdt, offset, lenp);
            if (prop == NULL) {
                offset = -FDT_ERR_INTERNAL;
                break;
            }
            if (fdt_string_eq_(fdt, fdt.u32(prop + 8), name, namelen)) {
                if (poffset != null) {
                    poffset[0] = offset;
                }
                return prop;
            }
        }
        if (lenp != null) {
            lenp[0] = offset;
        }
        return NULL;
    }

    /**
     * A pointer to the value of the property named by the first {@code namelen} bytes of {@code name} in the
     * node at {@code nodeoffset}; {@code lenp[0]} receives its length, or -NOTFOUND or another error.
     */
    // libfdt fdt_ro.c fdt_getprop_namelen
    public static long fdt_getprop_namelen(FdtView fdt, int nodeoffset, String name, int namelen, int[] lenp) {
        return getprop_namelen(fdt, nodeoffset, bytes(name), namelen, lenp);
    }

    private static long getprop_namelen(FdtView fdt, int nodeoffset, byte[] name, int namelen, int[] lenp) {
        int[] poffset = {0};
        long prop = fdt_get_property_namelen_(fdt, nodeoffset, name, namelen, lenp, poffset);
        if (prop == NULL) {
            return NULL;
        }
        return realigned(fdt, poffset[0], prop);
    }

    /** Before version 16, values of 8 bytes or more were aligned to 8 within the structure block. */
    private static long realigned(FdtView fdt, int offset, long prop) {
        if (ult(fdt_version(fdt), 0x10) && ((offset + FDT_PROPERTY_SIZE) & 7) != 0
                && !ult(fdt.u32(prop + 4), 8)) {
            return prop + FDT_PROPERTY_SIZE + 4;
        }
        return prop + FDT_PROPERTY_SIZE;
    }

    /**
     * A pointer to the value of the property at {@code offset}; {@code namep[0]}, if given, receives a pointer
     * to its name and {@code lenp[0]} its length, or the error.
     */
    // libfdt fdt_ro.c fdt_getprop_by_offset
    public static long fdt_getprop_by_offset(FdtView fdt, int offset, long[] namep, int[] lenp) {
        long prop = fdt_get_property_by_offset_(fdt, offset, lenp);
        if (prop == NULL) {
            return NULL;
        }
        if (namep != null) {
            int[] namelen = {0};
            long name = fdt_get_string(fdt, fdt.u32(prop + 8), namelen);
            if (name == NULL) {
                if (lenp != null) {
                    lenp[0] = namelen[0];
                }
                return NULL;
            }
            namep[0] = name;
        }
        return realigned(fdt, offset, prop);
    }

    /**
     * A pointer to the value of property {@code name} of the node at {@code nodeoffset}; {@code lenp[0]}
     * receives its length, or -NOTFOUND or another error.
     */
    // libfdt fdt_ro.c fdt_getprop
    public static long fdt_getprop(FdtView fdt, int nodeoffset, String name, int[] lenp) {
        byte[] s = bytes(name);
        return getprop_namelen(fdt, nodeoffset, s, cstrlen(s, 0), lenp);
    }

    /** A pointer to the value of alias {@code name[off..off+namelen)}, or {@link #NULL}. */
    // libfdt fdt_ro.c fdt_get_alias_namelen
    private static long fdt_get_alias_namelen(FdtView fdt, byte[] name, int off, int namelen) {
        int aliasoffset = fdt_path_offset(fdt, "/aliases");
        if (aliasoffset < 0) {
            return NULL;
        }
        byte[] s = new byte[namelen];
        System.arraycopy(name, off, s, 0, namelen);
        return getprop_namelen(fdt, aliasoffset, s, namelen, null);
    }

    /**
     * Whether the list of NUL-terminated strings at {@code strlist} ({@code listlen} bytes) holds {@code str};
     * 1 or 0.
     */
    // libfdt fdt_ro.c fdt_stringlist_contains
    public static int fdt_stringlist_contains(FdtView fdt, long strlist, int listlen, String str) {
        byte[] s = bytes(str);
        int len = cstrlen(s, 0);
        while (listlen >= len) {
            if (memeq(fdt, strlist, s, 0, len + 1)) {
                return 1;
            }
            long p = memchr(fdt, strlist, 0, listlen);
            if (p == NULL) {
                return 0; // malformed string list
            }
            listlen -= (int) (p - strlist) + 1;
            strlist = p + 1;
        }
        return 0;
    }

    /**
     * 0 if the {@code compatible} property of the node at {@code nodeoffset} lists {@code compatible}, 1 if not,
     * or the error of looking the property up (-NOTFOUND if it has none).
     */
    // libfdt fdt_ro.c fdt_node_check_compatible
    public static int fdt_node_check_compatible(FdtView fdt, int nodeoffset, String compatible) {
        int[] len = {0};
        long prop = fdt_getprop(fdt, nodeoffset, "compatible", len);
        if (prop == NULL) {
            return len[0];
        }
        return fdt_stringlist_contains(fdt, prop, len[0], compatible) != 0 ? 0 : 1;
    }

    // ---------------------------------------------------------------- fdt_check.c

    /**
     * Checks the whole blob in a buffer of {@code bufsize} bytes: the header, the reservation map, and a
     * structure block holding at most one tree whose root is unnamed, with every property name in the strings
     * block; 0 or an error.
     */
    // libfdt fdt_check.c fdt_check_full
    public static int fdt_check_full(FdtView fdt, long bufsize) {
        return checkFull(fdt, bufsize, null);
    }

    /**
     * Where {@link #checkFull} failed: the header, the reservation map, or the structure block; or at a structure
     * token where libfdt 1.6.1 itself gives no verdict: a property it loops on, a root name it dereferences as
     * NULL.
     */
    static final int AT_HEADER = 0;
    static final int AT_MEMRSV = 1;
    static final int AT_STRUCT = 2;
    static final int AT_STRUCT_LOOPS_IN_161 = 3;
    static final int AT_STRUCT_NULL_NAME_IN_161 = 4;

    /**
     * {@link #fdt_check_full}, recording in {@code where} (if given) the failing part and the structure offset
     * of the failing tag.
     */
    static int checkFull(FdtView fdt, long bufsize, int[] where) {
        if (bufsize < FDT_V1_SIZE || bufsize < fdt_header_size(fdt)) {
            return failAt(where, AT_HEADER, 0, -FDT_ERR_TRUNCATED);
        }
        int err = fdt_check_header(fdt);
        if (err != 0) {
            return failAt(where, AT_HEADER, 0, err);
        }
        if (bufsize < u(fdt_totalsize(fdt))) {
            return failAt(where, AT_HEADER, 0, -FDT_ERR_TRUNCATED);
        }
        int numMemrsv = fdt_num_mem_rsv(fdt);
        if (numMemrsv < 0) {
            return failAt(where, AT_MEMRSV, 0, numMemrsv);
        }
        int[] nextoffset = {0};
        long depth = 0;
        boolean expectEnd = false;
        while (true) {
            int offset = nextoffset[0];
            int tag = fdt_next_tag(fdt, offset, nextoffset);
            if (nextoffset[0] < 0 && loopsInLibfdt161(fdt, offset)) {
                // 1.6.1's fdt_next_tag gives this property back as the next token, so fdt_check_full checks it
                // as a property (a second root first, then its name) before it comes back to it for ever
                if (expectEnd) {
                    return failAt(where, AT_STRUCT, offset, -FDT_ERR_BADSTRUCTURE);
                }
                int[] namelen = {0};
                if (fdt_get_string(fdt, fdt.u32(fdt_offset_ptr_(fdt, offset) + 8), namelen) == NULL) {
                    return failAt(where, AT_STRUCT, offset, namelen[0]);
                }
                return failAt(where, AT_STRUCT_LOOPS_IN_161, offset, nextoffset[0]);
            }
            if (nextoffset[0] < 0) {
                return failAt(where, AT_STRUCT, offset, nextoffset[0]);
            }
            // two root nodes mean something is wrong
            if (expectEnd && tag != FDT_END) {
                return failAt(where, AT_STRUCT, offset, -FDT_ERR_BADSTRUCTURE);
            }
            switch (tag) {
                case FDT_NOP:
                    break;
                case FDT_END:
                    return depth != 0 ? failAt(where, AT_STRUCT, offset, -FDT_ERR_BADSTRUCTURE) : 0;
                case FDT_BEGIN_NODE: {
                    depth++;
                    if (depth == 1) {
                        // the root node must have an empty name; 1.6.1 dereferences the NULL that fdt_get_name
                        // returns for an old-version root without '/', which this model reports as BADSTRUCTURE
                        int[] len = {0};
                        long name = fdt_get_name(fdt, offset, len);
                        if (name == NULL) {
                            return failAt(where, AT_STRUCT_NULL_NAME_IN_161, offset, -FDT_ERR_BADSTRUCTURE);
                        }
                        if (fdt.u8(name) != 0 || len[0] != 0) {
                            return failAt(where, AT_STRUCT, offset, -FDT_ERR_BADSTRUCTURE);
                        }
                    }
                    break;
                }
                case FDT_END_NODE:
                    if (depth == 0) {
                        return failAt(where, AT_STRUCT, offset, -FDT_ERR_BADSTRUCTURE);
                    }
                    depth--;
                    if (depth == 0) {
                        expectEnd = true;
                    }
                    break;
                case FDT_PROP: {
                    int[] errp = {0};
                    long[] propname = {NULL};
                    long prop = fdt_getprop_by_offset(fdt, offset, propname, errp);
                    if (prop == NULL) {
                        return failAt(where, AT_STRUCT, offset, errp[0]);
                    }
                    break;
                }
                default:
                    return failAt(where, AT_STRUCT, offset, -FDT_ERR_INTERNAL);
            }
        }
    }

    private static int failAt(int[] where, int part, int offset, int err) {
        if (where != null) {
            where[0] = part;
            where[1] = offset;
        }
        return err;
    }

    // ---------------------------------------------------------------- C string helpers

    /** The name as C bytes, one byte per char. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code strlen} of a Java byte string that may lack its NUL. */
    static int cstrlen(byte[] s, int from) {
        int i = from;
        while (i < s.length && s[i] != 0) {
            i++;
        }
        return i - from;
    }

    /** The byte at {@code i}, or the terminating NUL past the end. */
    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    private static int indexOf(byte[] s, int from, int len, byte c) {
        for (int i = from; i < from + len; i++) {
            if (at(s, i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code memcmp(p, s + sOff, len) == 0}, reading the blob only up to the first difference. */
    private static boolean memeq(FdtView fdt, long p, byte[] s, int sOff, int len) {
        for (int i = 0; i < len; i++) {
            if (fdt.u8(p + i) != (at(s, sOff + i) & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** {@code memchr(s, c, n)} over the blob, or {@link #NULL}. */
    private static long memchr(FdtView fdt, long s, int c, long n) {
        for (long i = 0; i < n; i++) {
            if (fdt.u8(s + i) == c) {
                return s + i;
            }
        }
        return NULL;
    }

    /** {@code strrchr(s, c)} over the blob, or {@link #NULL}. */
    private static long strrchr(FdtView fdt, long s, int c) {
        long found = NULL;
        for (long i = 0; ; i++) {
            int b = fdt.u8(s + i);
            if (b == c) {
                found = s + i;
            }
            if (b == 0) {
                return found;
            }
        }
    }
}
