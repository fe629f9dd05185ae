package mkspec.reference.machine;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One /instances node of a multikernel device tree, as a trace writes it; every field may be
 * absent on purpose, to test its absence.
 */
public record InstanceConfig(Optional<String> name, OptionalLong id, Optional<List<Long>> cpus,
                             OptionalLong memoryBytes) {
    public InstanceConfig {
        cpus = cpus.map(List::copyOf);
    }

    /** A complete node. */
    public static InstanceConfig of(String name, long id, List<Long> cpus, long memoryBytes) {
        return new InstanceConfig(Optional.of(name), OptionalLong.of(id), Optional.of(cpus), OptionalLong.of(memoryBytes));
    }
}
