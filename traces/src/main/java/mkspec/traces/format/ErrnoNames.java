package mkspec.traces.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The errno names a trace may expect, with their numbers: every name of Linux's uapi asm-generic/errno-base.h and
 * asm-generic/errno.h, which is the table x86-64 and arm64 use.
 *
 * <p>The two aliases of those headers, {@code EWOULDBLOCK} (= EAGAIN) and {@code EDEADLOCK} (= EDEADLK), are left
 * out on purpose: an expectation names an errno by its one canonical name, so that comparing a result with an
 * expectation is comparing two words. This is the one list in the project; replace it here if the spec grows its own.
 */
public final class ErrnoNames {

    private static final Map<String, Integer> NUMBERS = table();

    private ErrnoNames() {
    }

    /** Whether {@code name} is a canonical Linux errno name, like {@code EINVAL}. */
    public static boolean isErrno(String name) {
        return NUMBERS.containsKey(name);
    }

    /** The positive errno number of {@code name} (the kernel returns its negation), or empty if it is no errno. */
    public static OptionalInt number(String name) {
        Integer n = NUMBERS.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Every errno name, by increasing number. */
    public static List<String> all() {
        return List.copyOf(NUMBERS.keySet());
    }

    private static Map<String, Integer> table() {
        String[] names = {
            // asm-generic/errno-base.h, 1..34
            "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
            "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
            "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
            "EMLINK", "EPIPE", "EDOM", "ERANGE",
            // asm-generic/errno.h, 35..133; 41 (EWOULDBLOCK) and 58 (EDEADLOCK) are aliases, hence null
            "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", null, "ENOMSG", "EIDRM", "ECHRNG",
            "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL",
            "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET",
            "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG",
            "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC",
            "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE",
            "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT",
            "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET",
            "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN",
            "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM",
            "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED",
            "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
        };
        Map<String, Integer> table = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                table.put(names[i], i + 1);
            }
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
