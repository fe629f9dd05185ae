package mkspec.spec.mk2.model;

import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Fp;

/**
 * Ghost: the spawned kernel's own record ({@code mk_self}, [ID14] mk_instance_restore_from_manifest), as it restored
 * it at boot: from its manifest, or, when it found none it accepts, as a host (id 0, no name, the CPUs online then).
 *
 * @param id its id
 * @param name its name
 * @param cpus its CPUs
 * @param alive whether the record is still allocated (an instance-remove of its own name frees it: N19)
 */
public record Mk2Restored(int id, String name, CpuSet cpus, boolean alive) {

    long fingerprint(long h) {
        return cpus.fingerprint(Fp.mix(Fp.mix(Fp.mix(h, id), name), alive ? 1 : 0));
    }

    public Mk2Restored freed() {
        return new Mk2Restored(id, name, cpus, false);
    }
}
