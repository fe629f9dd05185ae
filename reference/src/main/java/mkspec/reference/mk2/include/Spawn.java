package mkspec.reference.mk2.include;

import java.util.List;
import mkspec.reference.mk2.include.MkInstance;

/**
 * A spawned kernel that runs: the hardware's truth, which arch code (mk_arch_confirm_parked) reads and the host's
 * records may disagree with, and the spawned kernel's own memory as far as the model follows it.
 *
 * @param instance the serial of the record exec started it for
 * @param id the id exec was called with (what its MK_SYS_HALTED names)
 * @param image the serial of the image it was started from
 * @param cpus the CPUs it runs on
 * @param memory the regions it was told are its own
 * @param name the record's name at exec
 * @param told what the manifest pages it booted from tell it ([MF14] mk_manifest_populate, [ID14] the restore's
 *     reads)
 * @param restored its own record as [ID14] mk_instance_restore_from_manifest made it, null when the restore failed
 * @param kernel the spawned kernel's own records (its mk_instance_idr, list and mk_self): what its own overlays act on
 */
public record Spawn(int instance, int id, int image, List<Long> cpus, List<MkInstance.MemoryRegion> memory,
                    String name, Told told, Restored restored, Host kernel) {
    public Spawn {
        cpus = List.copyOf(cpus);
        memory = List.copyOf(memory);
    }

    /**
     * What a manifest tells the kernel that boots from it: its root's {@code id} and {@code model} and its
     * {@code resources}' cpus, memory-base and memory-bytes; or that it is a tree the writer left unfinished, or
     * not a boot tree at all (a bad header, not multikernel-v1, no model, an id that is not 4 bytes).
     */
    public record Told(Kind kind, int id, String name, List<Long> cpus, long memoryBase, long memoryBytes) {
        public Told {
            cpus = List.copyOf(cpus);
        }

        /** Which of the three a manifest is. */
        public enum Kind {
            TELLS, UNFINISHED, MALFORMED
        }

        public static Told of(Kind k) {
            return new Told(k, 0, "", List.of(), 0, 0);
        }
    }

    /** What the spawned kernel restored itself as: mk_self's id, name and CPUs. */
    public record Restored(int id, String name, List<Long> cpus) {
        public Restored {
            cpus = List.copyOf(cpus);
        }
    }

    /** The same spawned kernel, told it owns {@code m} now. */
    public Spawn withMemory(List<MkInstance.MemoryRegion> m) {
        return new Spawn(instance, id, image, cpus, m, name, told, restored, kernel);
    }

    /** A copy whose kernel memory is its own. */
    public Spawn copy() {
        return new Spawn(instance, id, image, cpus, memory, name, told, restored, kernel.copy());
    }

    /** Whether the spawned kernel's mk_self still names an allocated record. */
    public boolean selfAlive() {
        return restored != null && kernel.records.containsKey(kernel.mkSelf);
    }
}
