package mkspec.traces.format;

/** What a {@code spawned-boot} step expects the spawned kernel to have restored: nothing, or one instance. */
public sealed interface Restored permits Restored.Nothing, Restored.Instance {

    /** The spawned kernel restored no instance ({@code restored: none}). */
    record Nothing() implements Restored {
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
    }
}
