package mkspec.reference.kernel;

import mkspec.reference.Erratum;
import mkspec.reference.Profile;

/**
 * The flag bits of kexec_file_load() and the multikernel id encoding, with their real values:
 * include/uapi/linux/kexec.h after [P01] and [P09], and KEXEC_FILE_FLAGS of include/linux/kexec.h
 * after [P15] (notes section 4).
 */
public final class KexecFlags {
    private KexecFlags() {
    }

    public static final int KEXEC_FILE_UNLOAD = 0x00000001;
    public static final int KEXEC_FILE_ON_CRASH = 0x00000002;
    public static final int KEXEC_FILE_NO_INITRAMFS = 0x00000004;
    public static final int KEXEC_FILE_DEBUG = 0x00000008;
    /** Mainline's KEXEC_FILE_NO_CMA: the same bit as KEXEC_MULTIKERNEL (D3). */
    public static final int KEXEC_FILE_NO_CMA = 0x00000010;
    /** Mainline's KEXEC_FILE_FORCE_DTB: the same bit as bit 0 of the instance id (D3). */
    public static final int KEXEC_FILE_FORCE_DTB = 0x00000020;
    /** [P01] */
    public static final int KEXEC_MULTIKERNEL = 0x00000010;
    /** [P09]: bits 5..15, ids 0..2047. */
    public static final int KEXEC_MK_ID_MASK = 0x0000ffe0;
    public static final int KEXEC_MK_ID_SHIFT = 5;
    /** The largest id the encoding can carry. */
    public static final int KEXEC_MK_ID_MAX = KEXEC_MK_ID_MASK >>> KEXEC_MK_ID_SHIFT;

    /** KEXEC_FILE_FLAGS as [P15] defines it: 0x3F. */
    public static final int KEXEC_FILE_FLAGS_RFC_V2 = KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH
        | KEXEC_FILE_NO_INITRAMFS | KEXEC_FILE_DEBUG | KEXEC_FILE_NO_CMA | KEXEC_FILE_FORCE_DTB
        | KEXEC_MULTIKERNEL;

    /** KEXEC_MK_ID(id): silently wraps ids above 2047, as the macro does. */
    public static int KEXEC_MK_ID(long id) {
        return (int) ((id << KEXEC_MK_ID_SHIFT) & KEXEC_MK_ID_MASK);
    }

    /** KEXEC_GET_MK_ID(flags) */
    public static int KEXEC_GET_MK_ID(long flags) {
        return (int) ((flags & KEXEC_MK_ID_MASK) >>> KEXEC_MK_ID_SHIFT);
    }

    /**
     * KEXEC_FILE_FLAGS in effect: [P15]'s 0x3F with D3, the later tree's mask that includes the id
     * bits without it.
     */
    public static long kexecFileFlags(Profile profile) {
        return profile.has(Erratum.D3) ? KEXEC_FILE_FLAGS_RFC_V2 : (KEXEC_FILE_FLAGS_RFC_V2 | KEXEC_MK_ID_MASK);
    }
}
