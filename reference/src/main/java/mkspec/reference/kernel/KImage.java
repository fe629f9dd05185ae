package mkspec.reference.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mkspec.reference.kernel.multikernel.MkInstance;

/**
 * struct kimage as far as the modelled paths touch it: include/linux/kexec.h with [P01] (type
 * MULTIKERNEL), [P09] (mk_id, mk_instance), [P16] (kho.fdt).
 */
public final class KImage {
    public static final int KEXEC_TYPE_DEFAULT = 0;
    public static final int KEXEC_TYPE_CRASH = 1;
    public static final int KEXEC_TYPE_MULTIKERNEL = 2;
    /** KEXEC_SEGMENT_MAX */
    public static final int KEXEC_SEGMENT_MAX = 16;

    /**
     * One struct kexec_segment: destination {@code [mem, mem+memsz)}.
     *
     * @param fromPool whether it was allocated from the instance pool by kexec_alloc_multikernel()
     *     (as opposed to found in System RAM by the mainline search)
     */
    public record Segment(long mem, long memsz, boolean fromPool) {
        public long end() {
            return mem + memsz;
        }
    }

    /** A run of control pages {@code [addr, addr+size)} and where they came from. */
    public record ControlPages(long addr, long size, boolean fromPool) {
    }

    int type;
    int mkId;
    MkInstance mkInstance;
    final List<Segment> segments = new ArrayList<>();
    /** Control pages of a multikernel image: from the instance pool, not on image->control_pages. */
    final List<ControlPages> mkControlPages = new ArrayList<>();
    /** image->control_pages of a plain image: host pages kimage_free() returns. */
    final List<Long> controlPages = new ArrayList<>();
    /** image->kho.fdt: the physical address of the handover FDT page, or 0. */
    long khoFdt;
    boolean noCma;
    boolean forceDtb;
    /** Whether kimage_load_segment() ran: a multikernel segment then holds its bytes. */
    boolean segmentsLoaded;
    /** False once kfree()d or kimage_free()d: a pointer to it is then dangling. */
    boolean alive = true;
    final int serial;

    KImage(int serial) {
        this.serial = serial;
    }

    KImage copyShallow() {
        KImage c = new KImage(serial);
        c.type = type;
        c.mkId = mkId;
        c.mkInstance = mkInstance;
        c.segments.addAll(segments);
        c.mkControlPages.addAll(mkControlPages);
        c.controlPages.addAll(controlPages);
        c.khoFdt = khoFdt;
        c.noCma = noCma;
        c.forceDtb = forceDtb;
        c.segmentsLoaded = segmentsLoaded;
        c.alive = alive;
        return c;
    }

    public int type() {
        return type;
    }

    public boolean isMultikernel() {
        return type == KEXEC_TYPE_MULTIKERNEL;
    }

    public int mkId() {
        return mkId;
    }

    public MkInstance mkInstance() {
        return mkInstance;
    }

    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }

    public List<ControlPages> mkControlPages() {
        return Collections.unmodifiableList(mkControlPages);
    }

    public List<Long> controlPages() {
        return Collections.unmodifiableList(controlPages);
    }

    public long khoFdt() {
        return khoFdt;
    }

    public boolean noCma() {
        return noCma;
    }

    public boolean forceDtb() {
        return forceDtb;
    }

    public boolean segmentsLoaded() {
        return segmentsLoaded;
    }

    public boolean alive() {
        return alive;
    }

    public int serial() {
        return serial;
    }

    /** The entry point the CPU is kicked at: the first segment, as the model has no ELF header. */
    public long start() {
        return segments.isEmpty() ? 0 : segments.get(0).mem();
    }
}
