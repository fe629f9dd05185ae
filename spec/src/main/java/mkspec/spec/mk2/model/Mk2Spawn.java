package mkspec.spec.mk2.model;

import java.util.Optional;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Fp;
import mkspec.spec.model.RangeSet;

/**
 * Ghost: a spawned kernel that runs, and what exec started it on. The host cannot see it; the invariants need it to
 * say what the host must not take away from it, and what the spawned kernel was told and believes about itself.
 *
 * @param instance the serial of the record it was started for
 * @param id the id exec was called with (the record's id): what its MK_SYS_HALTED names
 * @param image the serial of the image exec started it from
 * @param cpus the CPUs it runs on (the record's at exec)
 * @param memory the pages it was told are its own (the instance's regions at exec)
 * @param name the record's name at exec
 * @param manifest what the manifest it booted from means ([MF14] mk_manifest_finalize)
 * @param self its own record as it restored it ([ID14] mk_instance_restore_from_manifest); empty when the restore
 *     failed and {@code mk_self} stayed NULL
 */
public record Mk2Spawn(int instance, int id, int image, CpuSet cpus, RangeSet memory, String name,
                       Mk2Manifest manifest, Optional<Mk2Restored> self) {

    long fingerprint(long h) {
        h = memory.fingerprint(cpus.fingerprint(Fp.mix(Fp.mix(Fp.mix(h, instance), id), image)));
        h = manifest.fingerprint(Fp.mix(h, name));
        return self.isEmpty() ? Fp.mix(h, 0x5e1f) : self.get().fingerprint(h);
    }

    /** The same spawned kernel, told it owns {@code m} now (a memory hot-add or hot-remove). */
    public Mk2Spawn withMemory(RangeSet m) {
        return new Mk2Spawn(instance, id, image, cpus, m, name, manifest, self);
    }

    /** The same spawned kernel with its own record as {@code s}. */
    public Mk2Spawn withSelf(Optional<Mk2Restored> s) {
        return new Mk2Spawn(instance, id, image, cpus, memory, name, manifest, s);
    }

    /** The same spawned kernel under another record and image serial (renumbering). */
    public Mk2Spawn renumbered(int rec, int img) {
        return new Mk2Spawn(rec, id, img, cpus, memory, name, manifest, self);
    }
}
