package mkspec.reference.mk2.kernel;

import java.util.List;
import mkspec.reference.Errno;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.kernel.multikernel.Core;

/** kernel/kexec_file.c [XF@758894fd], the multikernel paths of kexec_file_load. */
public final class KexecFile {
    private KexecFile() {
    }

    public static final long KEXEC_FILE_UNLOAD = 0x01;
    public static final long KEXEC_FILE_ON_CRASH = 0x02;
    /** KEXEC_MULTIKERNEL, the bit value of KEXEC_FILE_NO_CMA. */
    public static final long KEXEC_MULTIKERNEL = 0x10;
    public static final long KEXEC_MK_ID_MASK = 0xffe0;
    public static final int KEXEC_MK_ID_SHIFT = 5;
    /** KEXEC_FILE_FLAGS: every bit below 16, the id mask included ([KH]). */
    public static final long KEXEC_FILE_FLAGS = 0xffff;

    /** The IPI ring's order in the model ({@link KImage#IPI_RING_ORDER}). */
    public static final int IPI_RING_ORDER = KImage.IPI_RING_ORDER;

    /** KEXEC_MK_ID(id): the id's low 11 bits in the flags. */
    public static long KEXEC_MK_ID(long id) {
        return (id << KEXEC_MK_ID_SHIFT) & KEXEC_MK_ID_MASK;
    }

    /** get_order(MK_MANIFEST_SIZE) for the host's page size (SZ_16K: order 2 with 4K pages). */
    public static int manifestOrder(Host h) {
        return Math.max(0, 63 - Long.numberOfLeadingZeros(Math.max(1, 16384 / h.pageSize)));
    }

    /**
     * SYSCALL_DEFINE5(kexec_file_load) with KEXEC_MULTIKERNEL, its sections run back to back: flags outside
     * KEXEC_FILE_FLAGS (-EINVAL); kexec_trylock (-EBUSY); the id (-EINVAL when 0); unload by id without a state check
     * (N2; fixed: -EBUSY unless LOADED); a load finds the instance (-ENOENT), refuses one that has an image (-EBUSY),
     * builds the image, sets LOADED last, and puts the image on the list; kexec_unlock. An unload's kimage_free runs
     * after kexec_unlock (N16; fixed: before it).
     *
     * @param segments each segment's memsz, in bytes, in the order the image loader adds them
     */
    public static int kexec_file_load(Host h, long flags, List<Long> segments, Mk2FailPoint fault) {
        Mk2UserCall.Ran r = kexec_file_load_start(h, flags, segments, fault);
        while (!r.ended()) {
            r = kexec_file_load_resume(h, r.goesOn());
        }
        return r.ret();
    }

    /**
     * The first section of kexec_file_load: for a load with N3, up to mk_instance_find() and the instance->kimage
     * check, where mk_instance_find() drops mk_instance_mutex: the load stops there holding kexec_lock and the
     * lookup's reference (fixed holds the mutex to LOADED and runs to its end here); for an unload, up to
     * kimage_remove_from_list(), which drops kexec_image_mutex: it stops there, having dropped kexec_lock too (N16;
     * fixed holds it until after kimage_free()). Every other path returns in this section.
     */
    public static Mk2UserCall.Ran kexec_file_load_start(Host h, long flags, List<Long> segments, Mk2FailPoint fault) {
        if (flags != (flags & KEXEC_FILE_FLAGS)) {
            return Mk2UserCall.Ran.returned(Errno.EINVAL.negative());
        }
        if (!KexecCore.kexec_trylock(h)) {
            return Mk2UserCall.Ran.returned(Errno.EBUSY.negative());
        }
        if ((flags & KEXEC_MULTIKERNEL) == 0) {
            return unlocked(h, Errno.EINVAL.negative());
        }
        int mkId = (int) ((flags & KEXEC_MK_ID_MASK) >> KEXEC_MK_ID_SHIFT);
        if (mkId <= 0) {
            return unlocked(h, Errno.EINVAL.negative());
        }
        if ((flags & KEXEC_FILE_UNLOAD) != 0) {
            return unloadStart(h, mkId);
        }
        boolean onCrash = (flags & KEXEC_FILE_ON_CRASH) != 0;
        if (onCrash && !h.has(Mk2Erratum.N14)) {
            return unlocked(h, Errno.EINVAL.negative());
        }
        MkInstance instance = Core.mk_instance_find(h, mkId);
        if (instance == null) {
            return unlocked(h, Errno.ENOENT.negative());
        }
        if (instance.kimage != 0) {
            Core.mk_instance_put(h, instance.serial);
            return unlocked(h, Errno.EBUSY.negative());
        }
        if (onCrash) {
            if (h.crashImage != 0) {
                KexecCore.kimage_free(h, h.crashImage);
            }
            // success sets instance = NULL: the reference taken by mk_instance_find is never dropped (N14)
            return unlocked(h, crashAllocInit(h, segments));
        }
        Mk2UserCall.Load call = new Mk2UserCall.Load(flags, segments, fault, mkId, instance.serial);
        // as read mk_instance_find() took and dropped mk_instance_mutex, so a destroy can run before the load ends
        // (N3); fixed holds it to the end, and whatever can run meanwhile takes neither it nor kexec_lock and touches
        // nothing the load reads, so the fixed load is one section
        return h.has(Mk2Erratum.N3) ? Mk2UserCall.Ran.stopped(call) : loadImage(h, call);
    }

    /** The next section of a kexec_file_load that stopped at a lock boundary; it ends the call. */
    public static Mk2UserCall.Ran kexec_file_load_resume(Host h, Mk2UserCall c) {
        return c.accept(new Mk2UserCall.Cases<Mk2UserCall.Ran>() {
            @Override
            public Mk2UserCall.Ran load(Mk2UserCall.Load l) {
                return loadImage(h, l);
            }

            @Override
            public Mk2UserCall.Ran unload(Mk2UserCall.Unload u) {
                KexecCore.kimage_free(h, u.image());
                return u.holdsKexecLock() ? unlocked(h, 0) : Mk2UserCall.Ran.returned(0);
            }
        });
    }

    /**
     * The KEXEC_FILE_UNLOAD branch: kimage_find_by_id (-ENOENT), the fixed state guard, kimage_remove_from_list,
     * then out: kexec_unlock(); kimage_free(image), the free after the unlock (N16; fixed frees first). The call
     * stops after kimage_remove_from_list: the image is off the list but instance->kimage still names it.
     */
    private static Mk2UserCall.Ran unloadStart(Host h, int mkId) {
        int serial = KexecCore.kimage_find_by_id(h, mkId);
        if (serial == 0) {
            return unlocked(h, Errno.ENOENT.negative());
        }
        KImage image = h.image(serial, "kexec_file_load unload");
        if (!h.has(Mk2Erratum.N2)) {
            MkInstance inst = h.record(image.mkInstance, "kexec_file_load unload");
            if (inst.state != InstanceState.LOADED) {
                return unlocked(h, Errno.EBUSY.negative());
            }
        }
        KexecCore.kimage_remove_from_list(h, image);
        boolean freeUnderLock = !h.has(Mk2Erratum.N16);
        if (!freeUnderLock) {
            KexecCore.kexec_unlock(h);
        }
        return Mk2UserCall.Ran.stopped(new Mk2UserCall.Unload(mkId, serial, freeUnderLock));
    }

    /**
     * The load from kimage_file_alloc_init() on: the image built and associated, then mk_instance_set_state(LOADED)
     * (unlocked: nothing a destroy takes), kimage_add_to_list, kexec_unlock. The record the lookup found may have been
     * destroyed meanwhile (N3): its reference keeps it allocated, and the load does not look.
     */
    private static Mk2UserCall.Ran loadImage(Host h, Mk2UserCall.Load c) {
        MkInstance instance = h.record(c.instance(), "kimage_file_alloc_init");
        int[] image = new int[1];
        int ret = kimage_file_alloc_init(h, image, instance, c.mkId(), c.segments(), c.fault());
        if (ret != 0) {
            Core.mk_instance_put(h, instance.serial);
            return unlocked(h, ret);
        }
        KImage k = h.image(image[0], "kexec_file_load");
        Core.mk_instance_set_state(h.record(k.mkInstance, "kexec_file_load"), InstanceState.LOADED);
        k.onList = true;
        h.imageList.add(k.serial);
        return unlocked(h, 0);
    }

    /** out: kexec_unlock(), and the call returns {@code ret}. */
    private static Mk2UserCall.Ran unlocked(Host h, int ret) {
        KexecCore.kexec_unlock(h);
        return Mk2UserCall.Ran.returned(ret);
    }

    /** The crash branch of kimage_file_alloc_init: the instance is ignored; segments in crashkernel memory. */
    private static int crashAllocInit(Host h, List<Long> segments) {
        KImage image = new KImage(h.nextImageSerial++, KImage.Type.CRASH);
        h.images.put(image.serial, image);
        for (long memsz : segments) {
            for (long p = 0; p < (memsz + h.pageSize - 1) / h.pageSize; p++) {
                long pfn = h.pages.alloc_pages(0);
                if (pfn < 0) {
                    KexecCore.kimage_free(h, image.serial);
                    return Errno.ENOMEM.negative();
                }
                image.crashPages.add(pfn);
            }
        }
        h.crashImage = image.serial;
        image.onList = true;
        return 0;
    }

    /**
     * kimage_file_alloc_init() for KEXEC_TYPE_MULTIKERNEL: the image associated (instance->kimage set), the manifest,
     * the IPI ring, the segments (kimage_file_prepare_segments: each kexec_add_buffer), the control code and swap
     * pages. As read, the labels leave a dangling kimage (out_free_image after the manifest or the segments), drop the
     * instance reference a second time (out_free_fdt, then the syscall's put), and never free placed segments (N1);
     * fixed, every failure undoes all of it and the syscall's put is the only one.
     */
    static int kimage_file_alloc_init(Host h, int[] out, MkInstance instance, int mkId, List<Long> segments,
                                      Mk2FailPoint fault) {
        KImage image = new KImage(h.nextImageSerial++, KImage.Type.MULTIKERNEL);
        h.images.put(image.serial, image);
        image.mkInstance = instance.serial;
        image.mkId = mkId;
        instance.kimage = image.serial;
        long manifest = fault == Mk2FailPoint.MANIFEST ? -1 : h.pages.alloc_pages(manifestOrder(h));
        if (manifest < 0) {
            return outFreeImage(h, image, Errno.ENOMEM.negative());
        }
        image.manifest = manifest;
        image.manifestPage = new byte[mkspec.reference.mk2.kernel.multikernel.Manifest.MK_MANIFEST_SIZE];
        long ring = fault == Mk2FailPoint.IPI_RING ? -1 : h.pages.alloc_pages(IPI_RING_ORDER);
        if (ring < 0) {
            return outFreeFdt(h, image, Errno.ENOMEM.negative());
        }
        image.ipiRing = ring;
        int ret = kimage_file_prepare_segments(h, image, instance, segments, fault);
        if (ret != 0) {
            return outFreeImage(h, image, ret);
        }
        for (int k = 0; k < 2; k++) {
            long pfn = fault == Mk2FailPoint.CONTROL_PAGE ? -1 : h.pages.alloc_pages(0);
            if (pfn < 0) {
                return outFreeFdt(h, image, Errno.ENOMEM.negative());
            }
            image.controlPages.add(pfn);
        }
        out[0] = image.serial;
        return 0;
    }

    /** The kernel file's probe, then each segment's kexec_add_buffer: the loaders stop at the first failure. */
    private static int kimage_file_prepare_segments(Host h, KImage image, MkInstance instance, List<Long> segments,
                                                    Mk2FailPoint fault) {
        if (fault == Mk2FailPoint.BAD_KERNEL) {
            return Errno.ENOEXEC.negative();
        }
        for (long memsz : segments) {
            int ret = kexec_alloc_multikernel(h, image, instance, memsz);
            if (ret != 0) {
                return ret;
            }
        }
        return 0;
    }

    /**
     * kexec_add_buffer() -> kexec_alloc_multikernel(): the instance pool's aligned first fit of the page-rounded
     * size; no pool or no fit is -ENOMEM, final ("cannot fall back to other memory sources").
     */
    static int kexec_alloc_multikernel(Host h, KImage image, MkInstance instance, long memsz) {
        long size = (memsz + h.pageSize - 1) / h.pageSize * h.pageSize;
        if (instance.instancePool == null) {
            return Errno.ENOMEM.negative();
        }
        long addr = instance.instancePool.gen_pool_alloc_first_fit_align(size, h.pageSize);
        if (addr == 0) {
            return Errno.ENOMEM.negative();
        }
        image.segments.add(new KImage.Segment(addr, size));
        return 0;
    }

    /**
     * out_free_image: the image freed and nothing else, so instance->kimage dangles and the manifest, ring and
     * segments are lost (N1); fixed, the full unwind.
     */
    private static int outFreeImage(Host h, KImage image, int ret) {
        if (!h.has(Mk2Erratum.N1)) {
            return unwind(h, image, ret);
        }
        h.images.remove(image.serial);
        return ret;
    }

    /**
     * out_free_fdt: the ring and manifest freed, instance->kimage cleared and the instance reference dropped, which the
     * syscall drops again (N1); the placed segments stay allocated. Fixed, the full unwind.
     */
    private static int outFreeFdt(Host h, KImage image, int ret) {
        if (!h.has(Mk2Erratum.N1)) {
            return unwind(h, image, ret);
        }
        for (long pfn : image.controlPages) {
            h.pages.__free_pages(pfn, 0);
        }
        KexecCore.freeManifestAndRing(h, image);
        MkInstance inst = h.record(image.mkInstance, "out_free_fdt");
        inst.kimage = 0;
        Core.mk_instance_put(h, inst.serial);
        h.images.remove(image.serial);
        return ret;
    }

    /** The fix: segments back to the instance pool, pages freed, the association undone; the syscall's put remains. */
    private static int unwind(Host h, KImage image, int ret) {
        MkInstance inst = h.record(image.mkInstance, "kimage_file_alloc_init");
        for (KImage.Segment s : image.segments) {
            inst.instancePool.gen_pool_free(s.mem(), s.memsz());
        }
        for (long pfn : image.controlPages) {
            h.pages.__free_pages(pfn, 0);
        }
        KexecCore.freeManifestAndRing(h, image);
        inst.kimage = 0;
        h.images.remove(image.serial);
        return ret;
    }
}
