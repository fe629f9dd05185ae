package mkspec.traces.format;

/**
 * The flags a {@code kexec-file-load} step passes: those of a multikernel load of an instance id, or raw flags.
 *
 * <p>A trace gives exactly one of {@code id:} and {@code flags:}; this type makes "both" and "neither"
 * unrepresentable.
 */
public sealed interface LoadTarget permits LoadTarget.ById, LoadTarget.RawFlags {

    /** {@code c}'s case for this target. */
    <R> R accept(Cases<R> c);

    /** One case per kind of target, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R byId(ById t);

        R rawFlags(RawFlags t);
    }

    /**
     * Load for instance {@code id}: flags {@code KEXEC_MULTIKERNEL | KEXEC_MK_ID(id)}, as the reference defines them.
     *
     * @param id the instance id, non-negative (ids the kernel rejects are worth testing)
     */
    record ById(long id) implements LoadTarget {

        /** Checks that the id is non-negative. */
        public ById {
            InstanceSpec.requireNonNegative(id, "id");
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.byId(this);
        }
    }

    /**
     * Pass exactly these flags to {@code kexec_file_load}.
     *
     * @param flags the raw flags word, non-negative (bit 63 cannot be written)
     */
    record RawFlags(long flags) implements LoadTarget {

        /** Checks that the flags are non-negative. */
        public RawFlags {
            InstanceSpec.requireNonNegative(flags, "flags");
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.rawFlags(this);
        }
    }
}
