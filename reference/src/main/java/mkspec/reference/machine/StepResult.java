package mkspec.reference.machine;

import mkspec.reference.Errno;

/**
 * What one step of the machine returned: success, an errno, a call that never returns, or a
 * modelled kernel crash. Closed: these four are all there are.
 */
public sealed interface StepResult {

    /** {@code c}'s case for this result. */
    <R> R accept(Cases<R> c);

    /** One case per kind of result, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R ok(Ok r);

        R err(Err r);

        R hang(Hang r);

        R bug(Bug r);
    }

    /** The call succeeded. */
    record Ok() implements StepResult {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.ok(this);
        }

        @Override
        public String toString() {
            return "ok";
        }
    }

    /** The call returned {@code -errno}. */
    record Err(Errno errno) implements StepResult {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.err(this);
        }

        @Override
        public String toString() {
            return errno.name();
        }
    }

    /** The call blocks forever (a mutex nobody will release). The machine's state is unchanged. */
    record Hang() implements StepResult {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.hang(this);
        }

        @Override
        public String toString() {
            return "hang";
        }
    }

    /** The call hit a modelled BUG()/oops at {@code site}; the machine is crashed from here on. */
    record Bug(String site, String message) implements StepResult {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.bug(this);
        }

        @Override
        public String toString() {
            return "bug";
        }
    }

    StepResult OK = new Ok();
    StepResult HANG = new Hang();

    /** The result of a kernel return value: 0 is ok, a negative errno is that errno. */
    static StepResult ofKernel(int ret) {
        return ret >= 0 ? OK : new Err(Errno.fromNegative(ret));
    }
}
