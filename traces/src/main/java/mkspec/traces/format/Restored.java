package mkspec.traces.format;

/** What a {@code spawned-boot} step expects the spawned kernel to have restored: nothing, or one instance. */
public sealed interface Restored permits Restored.Nothing, Restored.Instance {

    /** {@code c}'s case for this expectation. */
    <R> R accept(Cases<R> c);

    /** One case per kind of expectation, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R nothing(Nothing n);

        R instance(Instance i);
    }

    /** The spawned kernel restored no instance ({@code restored: none}). */
    record Nothing() implements Restored {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.nothing(this);
        }
    }

    /**
     * The spawned kernel restored this instance; a field left out means the restored instance lacks it.
     *
     * @param instance the restored instance's {@code {name, id, cpus, memory-bytes}}
     */
    record Instance(InstanceSpec instance) implements Restored {

        /** Rejects a null instance. */
        public Instance {
            java.util.Objects.requireNonNull(instance, "instance");
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.instance(this);
        }
    }
}
