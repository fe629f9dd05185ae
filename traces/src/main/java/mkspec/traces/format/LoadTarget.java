package mkspec.traces.format;

/**
 * The flags a {@code kexec-file-load} step passes: those of a multikernel load of an instance id, or raw flags.
 *
 * <p>A trace gives exactly one of {@code id:} and {@code flags:}; this type makes "both" and "neither"
 * unrepresentable.
 */
public sealed interface LoadTarget permits LoadTarget.ById, LoadTarget.RawFlags {

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
    }
}
