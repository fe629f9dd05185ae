package mkspec.reference.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import mkspec.reference.Errno;
import org.junit.jupiter.api.Test;

/** include/linux/notifier.h's return values and errno encoding, which D10 turns on. */
class NotifierTest {

    @Test
    void theNotifyValuesAreTheKernels() {
        assertEquals(0x0000, Notifier.NOTIFY_DONE);
        assertEquals(0x0001, Notifier.NOTIFY_OK);
        assertEquals(0x8000, Notifier.NOTIFY_STOP_MASK);
        assertEquals(0x8002, Notifier.NOTIFY_BAD);
        assertEquals(0x8001, Notifier.NOTIFY_STOP);
    }

    @Test
    void notifyStopCarriesNoErrno() {
        assertEquals(0, Notifier.notifier_to_errno(Notifier.NOTIFY_STOP));
        assertEquals(0, Notifier.notifier_to_errno(Notifier.NOTIFY_OK));
        assertEquals(0, Notifier.notifier_to_errno(Notifier.NOTIFY_DONE));
    }

    @Test
    void anErrnoSurvivesTheRoundTrip() {
        assertEquals(0x8003, Notifier.notifier_from_errno(Errno.ENOENT.negative()));
        for (Errno e : new Errno[] {Errno.ENOENT, Errno.ENODATA, Errno.ENOSPC, Errno.EINVAL}) {
            assertEquals(e.negative(), Notifier.notifier_to_errno(Notifier.notifier_from_errno(e.negative())), e.name());
        }
        assertEquals(Notifier.NOTIFY_OK, Notifier.notifier_from_errno(0));
    }

    @Test
    void notifyBadReadsAsEperm() {
        assertEquals(Errno.EPERM.negative(), Notifier.notifier_to_errno(Notifier.NOTIFY_BAD));
    }
}
