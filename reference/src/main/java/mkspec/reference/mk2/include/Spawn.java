package mkspec.reference.mk2.include;

import java.util.List;
import mkspec.reference.mk2.include.MkInstance;

/**
 * A spawned kernel that runs: the hardware's truth, which arch code (mk_arch_confirm_parked) reads and the host's
 * records may disagree with.
 *
 * @param instance the serial of the record exec started it for
 * @param id the id its manifest gave it (what its MK_SYS_HALTED names)
 * @param image the serial of the image it was started from
 * @param cpus the CPUs it runs on
 * @param memory the regions it was told are its own
 */
public record Spawn(int instance, int id, int image, List<Long> cpus, List<MkInstance.MemoryRegion> memory) {
    public Spawn {
        cpus = List.copyOf(cpus);
        memory = List.copyOf(memory);
    }
}
