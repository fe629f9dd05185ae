package mkspec.reference.mk2.include;

import java.util.ArrayList;
import java.util.List;

/** struct kimage of a multikernel or crash image, the fields the mk2 paths use. */
public final class KImage {
    /** One kexec_segment: where it lies ({@code mem}) and how many bytes ({@code memsz}). */
    public record Segment(long mem, long memsz) {
    }

    /** KEXEC_TYPE_MULTIKERNEL or KEXEC_TYPE_CRASH. */
    public enum Type {
        MULTIKERNEL, CRASH
    }

    /**
     * The IPI ring's order, get_order(sizeof(struct mk_shared_data)), in the model: one page (the real struct is about
     * 258 KiB, order 7).
     */
    public static final int IPI_RING_ORDER = 0;

    /** The image's identity in the model: allocation order, from 1. */
    public final int serial;
    public final Type type;
    /** image->mk_instance: the serial of the record it holds a reference on, 0 for none. */
    public int mkInstance;
    public int mkId;
    public final List<Segment> segments;
    /** image->mk_manifest (page frame, -1 for none): order get_order(MK_MANIFEST_SIZE). */
    public long manifest = -1;
    /**
     * The bytes of the manifest pages (MK_MANIFEST_SIZE, zeroed at allocation), null without them. Replaced, never
     * changed in place, by each mk_manifest_finalize, so that copies of a host may share it.
     */
    public byte[] manifestPage;
    /** image->mk_ipi (page frame, -1 for none). */
    public long ipiRing = -1;
    /** image->control_pages: control code page and swap page frames. */
    public final List<Long> controlPages;
    /** Crash segments' frames, in crashkernel memory (the model's host pages). */
    public final List<Long> crashPages;
    /** Whether it is on kexec_image_list. */
    public boolean onList;

    public KImage(int serial, Type type) {
        this.serial = serial;
        this.type = type;
        this.segments = new ArrayList<>();
        this.controlPages = new ArrayList<>();
        this.crashPages = new ArrayList<>();
    }

    private KImage(KImage o) {
        this.serial = o.serial;
        this.type = o.type;
        this.mkInstance = o.mkInstance;
        this.mkId = o.mkId;
        this.segments = new ArrayList<>(o.segments);
        this.manifest = o.manifest;
        this.ipiRing = o.ipiRing;
        this.manifestPage = o.manifestPage;
        this.controlPages = new ArrayList<>(o.controlPages);
        this.crashPages = new ArrayList<>(o.crashPages);
        this.onList = o.onList;
    }

    public KImage copy() {
        return new KImage(this);
    }
}
