package mkspec.spec.model;

import java.util.List;

/**
 * A multikernel kernel image loaded for an instance ([P15] struct kimage, seen from the instance).
 *
 * @param mkId the instance id the image was loaded for (image->mk_id)
 * @param segments where its segments lie, in load order; pool pages, or host pages under D2/D8
 * @param controlPages its control pages (control code page, swap page)
 * @param alive false when the pointer dangles: the struct was freed (D1)
 */
public record Image(int mkId, List<Range> segments, List<Range> controlPages, boolean alive) {
    public Image {
        segments = List.copyOf(segments);
        controlPages = List.copyOf(controlPages);
    }

    /** Every page the image occupies: segments and control pages. */
    public RangeSet pages() {
        RangeSet s = RangeSet.EMPTY;
        for (Range r : segments) {
            s = s.union(r);
        }
        for (Range r : controlPages) {
            s = s.union(r);
        }
        return s;
    }

    public long fingerprint(long h) {
        h = Fp.mix(h, mkId);
        for (Range r : segments) {
            h = Fp.mix(Fp.mix(h, r.first()), r.count());
        }
        h = Fp.mix(h, 0x5e6);
        for (Range r : controlPages) {
            h = Fp.mix(Fp.mix(h, r.first()), r.count());
        }
        return Fp.mix(h, alive ? 1 : 2);
    }
}
