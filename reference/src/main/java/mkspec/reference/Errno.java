package mkspec.reference;

/**
 * The Linux errno values the modelled code paths return, with the numbers of
 * asm-generic/errno-base.h and errno.h.
 *
 * <p>Reference code keeps the kernel's convention internally (0 or a negative errno in an
 * {@code int}); {@link #fromNegative(int)} turns such a return value back into a name at the
 * edge, in the {@code Machine} facade.
 */
public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), ENOEXEC(8), EBADF(9),
    ECHILD(10), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), ENOTBLK(15), EBUSY(16), EEXIST(17),
    EXDEV(18), ENODEV(19), ENOTDIR(20), EISDIR(21), EINVAL(22), ENFILE(23), EMFILE(24), ENOTTY(25),
    ETXTBSY(26), EFBIG(27), ENOSPC(28), ESPIPE(29), EROFS(30), EMLINK(31), EPIPE(32), EDOM(33),
    ERANGE(34), EDEADLK(35), ENAMETOOLONG(36), ENOLCK(37), ENOSYS(38), ENOTEMPTY(39), ELOOP(40),
    ENOMSG(42), EIDRM(43), ENODATA(61), ETIME(62), EOVERFLOW(75), EBADMSG(74), EILSEQ(84),
    EOPNOTSUPP(95), EADDRINUSE(98), EADDRNOTAVAIL(99), ENOBUFS(105), ETIMEDOUT(110), EALREADY(114),
    EINPROGRESS(115), ECANCELED(125), EKEYREJECTED(129), ENOTSUPP(524);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The positive errno number, as in errno-base.h. */
    public int number() {
        return number;
    }

    /** The kernel return value for this errno: {@code -number}. */
    public int negative() {
        return -number;
    }

    /**
     * The errno named by a kernel return value {@code -n}.
     *
     * @throws IllegalArgumentException when {@code ret} is not the negative of a known errno;
     *     reference code only ever returns known ones, so this is a programming error
     */
    public static Errno fromNegative(int ret) {
        if (ret < 0 && -ret < BY_NUMBER.length && BY_NUMBER[-ret] != null) {
            return BY_NUMBER[-ret];
        }
        throw new IllegalArgumentException("not a negative errno: " + ret);
    }

    /** Every errno at its number: every refused step asks, so no scan of {@code values()}. */
    private static final Errno[] BY_NUMBER = byNumber();

    private static Errno[] byNumber() {
        int max = 0;
        for (Errno e : values()) {
            max = Math.max(max, e.number);
        }
        Errno[] by = new Errno[max + 1];
        for (Errno e : values()) {
            by[e.number] = e;
        }
        return by;
    }
}
