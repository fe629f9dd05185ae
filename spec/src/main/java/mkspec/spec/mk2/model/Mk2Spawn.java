package mkspec.spec.mk2.model;

import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Fp;
import mkspec.spec.model.RangeSet;

/**
 * Ghost: a spawned kernel that runs, and what exec started it on. The host cannot see it; the invariants need it to
 * say what the host must not take away from it.
 *
 * @param instance the serial of the record it was started for
 * @param id the id its manifest gave it: the id its MK_SYS_HALTED names
 * @param image the serial of the image exec started it from
 * @param cpus the CPUs it runs on
 * @param memory the pages it was told are its own (the instance's regions at exec)
 */
public record Mk2Spawn(int instance, int id, int image, CpuSet cpus, RangeSet memory) {

    long fingerprint(long h) {
        return memory.fingerprint(cpus.fingerprint(Fp.mix(Fp.mix(Fp.mix(h, instance), id), image)));
    }
}
