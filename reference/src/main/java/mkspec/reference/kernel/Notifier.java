package mkspec.reference.kernel;

/**
 * include/linux/notifier.h: the NOTIFY_* return values and the errno encoding that a notifier
 * chain uses, exactly as the kernel defines them. {@code notifier_to_errno(NOTIFY_STOP)} is 0,
 * which is how [P16]'s notifier swallows its own errors (D10).
 */
public final class Notifier {
    private Notifier() {
    }

    public static final int NOTIFY_DONE = 0x0000;
    public static final int NOTIFY_OK = 0x0001;
    public static final int NOTIFY_STOP_MASK = 0x8000;
    public static final int NOTIFY_BAD = NOTIFY_STOP_MASK | 0x0002;
    public static final int NOTIFY_STOP = NOTIFY_OK | NOTIFY_STOP_MASK;

    /** notifier_from_errno() */
    public static int notifier_from_errno(int err) {
        if (err != 0) {
            return NOTIFY_STOP_MASK | (NOTIFY_OK - err);
        }
        return NOTIFY_OK;
    }

    /** notifier_to_errno() */
    public static int notifier_to_errno(int ret) {
        ret &= ~NOTIFY_STOP_MASK;
        return ret > NOTIFY_OK ? NOTIFY_OK - ret : 0;
    }
}
