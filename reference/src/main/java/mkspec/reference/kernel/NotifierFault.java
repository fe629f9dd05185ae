package mkspec.reference.kernel;

/**
 * A failure injected into [P16]'s mk_kexec_notifier() at exec (the mkspec trace extension
 * {@code fail-at} on {@code reboot-multikernel}). In a sequential run neither failure can happen:
 * both stand for the race of D18, where rmdir or a DTB update runs concurrently with the exec.
 */
public enum NotifierFault {
    NONE(null),
    /** mk_instance_find(mk_id) returns NULL inside the notifier. */
    LOOKUP("notifier-lookup"),
    /** The instance has no dtb_data inside the notifier. */
    NO_DTB("notifier-no-dtb");

    private final String word;

    NotifierFault(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static NotifierFault byWord(String w) {
        for (NotifierFault f : values()) {
            if (f.word != null && f.word.equals(w)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown notifier fault " + w);
    }
}
