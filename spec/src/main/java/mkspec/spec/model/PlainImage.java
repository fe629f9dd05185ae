package mkspec.spec.model;

import java.util.List;

/**
 * A plain (not multikernel) kexec image in the kexec_image slot: only where its segments will be
 * copied at reboot. Its control pages are host pages the spec does not track.
 */
public record PlainImage(List<Range> segments) {
    public PlainImage {
        segments = List.copyOf(segments);
    }

    public long fingerprint(long h) {
        for (Range r : segments) {
            h = Fp.mix(Fp.mix(h, r.first()), r.count());
        }
        return Fp.mix(h, segments.size());
    }
}
