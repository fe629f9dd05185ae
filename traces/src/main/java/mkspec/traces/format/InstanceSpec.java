package mkspec.traces.format;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance node of an uploaded device tree ({@code {name, id, cpus, memory-bytes}}), or the instance a spawned
 * kernel is expected to have restored.
 *
 * <p>Every field may be left out on purpose, to test how the kernel handles its absence; an empty optional means
 * "not in the tree", never "use a default". An empty {@code cpus} list is present and empty, which is different.
 *
 * @param name        the instance's node name, a {@linkplain Names name}
 * @param id          the instance id, a u32 (the kernel decides which ids it accepts)
 * @param cpus        logical CPU numbers, each 0 to {@code MachineSpec.MAX_CPUS - 1}, in the order written
 * @param memoryBytes bytes of memory for the instance, a u32
 */
public record InstanceSpec(Optional<String> name, Optional<Long> id, Optional<List<Integer>> cpus,
                           Optional<Long> memoryBytes) {

    /** Checks each present field and makes the CPU list immutable. */
    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        name.ifPresent(n -> Names.require(n, "instance name"));
        id.ifPresent(i -> Ranges.require(i, Ranges.CELL_MAX, Ranges.CELL_TEXT, "id"));
        memoryBytes.ifPresent(m -> Ranges.require(m, Ranges.CELL_MAX, Ranges.CELL_TEXT, "memory-bytes"));
        cpus = cpus.map(List::copyOf);
        cpus.ifPresent(list -> list.forEach(InstanceSpec::requireCpuNumber));
    }

    /** An instance with every field present. */
    public static InstanceSpec of(String name, long id, List<Integer> cpus, long memoryBytes) {
        return new InstanceSpec(Optional.of(name), Optional.of(id), Optional.of(cpus), Optional.of(memoryBytes));
    }

    /** An instance with no field present: an empty node. */
    public static InstanceSpec empty() {
        return new InstanceSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether {@code cpu} can be written as a logical CPU number. */
    public static boolean isValidCpuNumber(long cpu) {
        return cpu >= 0 && cpu < MachineSpec.MAX_CPUS;
    }

    private static void requireCpuNumber(Integer cpu) {
        if (cpu == null || !isValidCpuNumber(cpu)) {
            throw new IllegalArgumentException("CPU numbers must be 0.." + (MachineSpec.MAX_CPUS - 1) + ": " + cpu);
        }
    }

    static void requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be non-negative: " + value);
        }
    }
}
