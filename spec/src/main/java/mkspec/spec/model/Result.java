package mkspec.spec.model;

/** What a step returns: success, an errno, a call that never returns, or a kernel crash. */
public sealed interface Result {

    /** {@code c}'s case for this result. */
    <R> R accept(Cases<R> c);

    /** One case per kind of result, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R ok(Ok r);

        R err(Err r);

        R hang(Hang r);

        R bug(Bug r);
    }

    record Ok() implements Result {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.ok(this);
        }

        @Override
        public String toString() {
            return "ok";
        }
    }

    record Err(Errno errno) implements Result {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.err(this);
        }

        @Override
        public String toString() {
            return errno.name();
        }
    }

    record Hang() implements Result {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.hang(this);
        }

        @Override
        public String toString() {
            return "hang";
        }
    }

    /** A kernel BUG()/oops at {@code site}: only reachable from states the spec itself never produces. */
    record Bug(String site) implements Result {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.bug(this);
        }

        @Override
        public String toString() {
            return "bug";
        }
    }

    Result OK = new Ok();
    Result HANG = new Hang();

    static Result err(Errno e) {
        return CACHE.get(e);
    }

    java.util.Map<Errno, Result> CACHE = cache();

    private static java.util.Map<Errno, Result> cache() {
        java.util.EnumMap<Errno, Result> m = new java.util.EnumMap<>(Errno.class);
        for (Errno e : Errno.values()) {
            m.put(e, new Err(e));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    default boolean isErrno() {
        return this instanceof Err;
    }
}
