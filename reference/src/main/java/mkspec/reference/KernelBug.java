package mkspec.reference;

/**
 * A modelled kernel {@code BUG()}/{@code BUG_ON()} site or memory-safety fault was reached.
 *
 * <p>These are not errors a call returns: the real kernel oopses. The reference throws this from
 * the site; the {@code Machine} facade catches it at the edge of a step and reports the step as
 * the result {@code bug}, naming the site, and marks the machine crashed.
 */
public final class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String site;

    public KernelBug(String site, String message) {
        super(site + ": " + message);
        this.site = site;
    }

    /** The kernel function and check that fired, e.g. {@code "gen_pool_destroy BUG_ON(bit < end_bit)"}. */
    public String site() {
        return site;
    }
}
