package mkspec.spec.model;

/**
 * The errno names a step can return. The specification itself requires only a few of them; the
 * rest let the abstraction name whatever the reference returned (RFC v2 returns OR-ed libfdt codes
 * that happen to be errno numbers: D11).
 */
public enum Errno {
    EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, ECHILD,
    EAGAIN, ENOMEM, EACCES, EFAULT, ENOTBLK, EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR,
    EISDIR, EINVAL, ENFILE, EMFILE, ENOTTY, ETXTBSY, EFBIG, ENOSPC, ESPIPE, EROFS,
    EMLINK, EPIPE, EDOM, ERANGE, EDEADLK, ENAMETOOLONG, ENOLCK, ENOSYS, ENOTEMPTY, ELOOP,
    ENOMSG, EIDRM, ENODATA, ETIME, EOVERFLOW, EBADMSG, EILSEQ, EOPNOTSUPP, EADDRINUSE, EADDRNOTAVAIL,
    ENOBUFS, ETIMEDOUT, EALREADY, EINPROGRESS, ECANCELED, EKEYREJECTED, ENOTSUPP
}
