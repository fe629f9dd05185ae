package mkspec.reference.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import mkspec.reference.Profile;
import org.junit.jupiter.api.Test;

/** The flag bits and id encoding of kexec_file_load() with their real values (notes section 4). */
class KexecFlagsTest {

    @Test
    void kexecMultikernelIsTheSameBitAsKexecFileNoCma() {
        assertEquals(0x10, KexecFlags.KEXEC_MULTIKERNEL);
        assertEquals(KexecFlags.KEXEC_FILE_NO_CMA, KexecFlags.KEXEC_MULTIKERNEL);
    }

    @Test
    void bitZeroOfTheIdIsKexecFileForceDtb() {
        assertEquals(0x20, KexecFlags.KEXEC_MK_ID(1));
        assertEquals(KexecFlags.KEXEC_FILE_FORCE_DTB, KexecFlags.KEXEC_MK_ID(1));
    }

    @Test
    void theIdFieldIsElevenBitsFromBitFive() {
        assertEquals(0xffe0, KexecFlags.KEXEC_MK_ID_MASK);
        assertEquals(5, KexecFlags.KEXEC_MK_ID_SHIFT);
        assertEquals(2047, KexecFlags.KEXEC_MK_ID_MAX);
        assertEquals(0x40, KexecFlags.KEXEC_MK_ID(2));
        assertEquals(0xffe0, KexecFlags.KEXEC_MK_ID(2047));
        assertEquals(2047, KexecFlags.KEXEC_GET_MK_ID(0xffff));
        assertEquals(1, KexecFlags.KEXEC_GET_MK_ID(0x30));
    }

    @Test
    void idsAbove2047WrapSilently() {
        assertEquals(0, KexecFlags.KEXEC_MK_ID(2048));
        assertEquals(0x20, KexecFlags.KEXEC_MK_ID(2049));
        assertEquals(0, KexecFlags.KEXEC_GET_MK_ID(KexecFlags.KEXEC_MK_ID(2048)));
        assertEquals(1, KexecFlags.KEXEC_GET_MK_ID(KexecFlags.KEXEC_MK_ID(2049)));
    }

    @Test
    void rfcV2KexecFileFlagsIsTheSixLowBits() {
        assertEquals(0x3f, KexecFlags.KEXEC_FILE_FLAGS_RFC_V2);
        assertEquals(0x3f, KexecFlags.kexecFileFlags(Profile.rfcV2()));
    }

    @Test
    void fixedKexecFileFlagsAlsoAdmitsTheIdBits() {
        assertEquals(0xffff, KexecFlags.kexecFileFlags(Profile.fixed()));
    }

    @Test
    void theMainlineFlagsKeepTheirValues() {
        assertEquals(0x01, KexecFlags.KEXEC_FILE_UNLOAD);
        assertEquals(0x02, KexecFlags.KEXEC_FILE_ON_CRASH);
        assertEquals(0x04, KexecFlags.KEXEC_FILE_NO_INITRAMFS);
        assertEquals(0x08, KexecFlags.KEXEC_FILE_DEBUG);
    }
}
