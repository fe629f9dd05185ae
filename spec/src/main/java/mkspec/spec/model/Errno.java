package mkspec.spec.model;

/** The errnos the specification requires of some step. */
public enum Errno {
    EPERM, ENOENT, ESRCH, ENOEXEC, ENOMEM, EFAULT, EBUSY, EINVAL, ENOSPC, E2BIG, EADDRNOTAVAIL, EALREADY, ENODATA
}
