package mkspec.spec.mk2.model;

import mkspec.spec.model.Fp;
import mkspec.spec.model.RangeSet;

/**
 * One {@code struct kimage} that has not been freed.
 *
 * @param serial its identity, in creation order from 1
 * @param instance the serial of the record {@code image->mk_instance} holds a reference on, 0 for none
 * @param crash whether it is a crash image ({@code KEXEC_TYPE_CRASH}) rather than a multikernel one
 * @param onList whether it is on {@code kexec_image_list} (a load that has not finished is not)
 * @param segments the instance-pool pages its segments occupy
 * @param hostPages the host pages it holds: manifest, IPI ring, control and swap pages, crash segments
 */
public record Mk2Image(int serial, int instance, boolean crash, boolean onList, RangeSet segments, long hostPages) {

    long fingerprint(long h) {
        h = Fp.mix(Fp.mix(Fp.mix(h, serial), instance), (crash ? 2 : 0) + (onList ? 1 : 0));
        return Fp.mix(segments.fingerprint(h), hostPages);
    }
}
