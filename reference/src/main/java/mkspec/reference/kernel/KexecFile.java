package mkspec.reference.kernel;

import java.util.List;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.kernel.multikernel.InstanceState;
import mkspec.reference.kernel.multikernel.MkCore;
import mkspec.reference.kernel.multikernel.MkInstance;

/**
 * kernel/kexec_file.c with [P07], [P15] and [P16]: the kexec_file_load() system call,
 * kimage_file_alloc_init() with the multikernel association, and segment placement through
 * kexec_add_buffer(), kexec_locate_mem_hole() and [P15]'s kexec_alloc_multikernel().
 *
 * <p>Return values are the kernel's: 0 or a negative errno.
 */
public final class KexecFile {
    /** KEXEC_BUF_MEM_UNKNOWN */
    static final long KEXEC_BUF_MEM_UNKNOWN = 0;

    private final KexecCore kexec;

    public KexecFile(KexecCore kexec) {
        this.kexec = kexec;
    }

    private Profile profile() {
        return kexec.profile;
    }

    private MkCore core() {
        return kexec.core;
    }

    /**
     * struct kexec_buf, the fields the placement reads and writes. The x86 bzImage loader always
     * asks for top-down placement, so buf->top_down is not a field here.
     */
    static final class KexecBuf {
        final KImage image;
        long memsz;
        long bufAlign;
        final long bufMin;
        final long bufMax;
        long mem = KEXEC_BUF_MEM_UNKNOWN;
        boolean fromPool;

        KexecBuf(KImage image, SegmentRequest r) {
            this.image = image;
            this.memsz = r.memsz();
            this.bufAlign = r.bufAlign();
            this.bufMin = r.bufMin();
            this.bufMax = r.bufMax();
        }
    }

    /**
     * SYSCALL kexec_file_load(kernel_fd, initrd_fd, cmdline_len, cmdline, flags): the image's
     * buffers are {@code requests}; {@code failAt} makes one stage fail on purpose. Its two sections run back
     * to back: what one thread does alone.
     */
    public int kexec_file_load(long flags, List<SegmentRequest> requests, FailPoint failAt) {
        UserCall.Load call = new UserCall.Load(flags, requests, failAt);
        int ret = kexecFileLoadFind(call);
        return ret == UserCall.RUNNING ? kexecFileLoadRest(call) : ret;
    }

    /**
     * kexec_file_load() up to kimage_file_alloc_init()'s mk_instance_find(): the flag check, kexec_trylock(), an
     * unload, the image allocation and the lookup. Returns the call's result, or {@link UserCall#RUNNING} with the
     * image and the found instance (and its reference) in {@code call} and kexec_lock held: with D18 the load
     * associates the instance in a later section, after mk_instance_find() dropped mk_instance_mutex.
     */
    public int kexecFileLoadFind(UserCall.Load call) {
        long flags = call.flags;
        // The flag check runs before anything else; with D3 the id bits are not legal flags.
        if (flags != (flags & KexecFlags.kexecFileFlags(profile()))) {
            return Errno.EINVAL.negative();
        }
        if ((flags & KexecFlags.KEXEC_FILE_ON_CRASH) != 0) {
            // No crashkernel= region exists in the modelled machine: unloading the empty crash slot
            // succeeds, and nothing can be placed for a crash image.
            return (flags & KexecFlags.KEXEC_FILE_UNLOAD) != 0 ? 0 : Errno.EADDRNOTAVAIL.negative();
        }
        if (!kexec.kexec_trylock()) {
            return Errno.EBUSY.negative(); // another thread's load or exec holds kexec_lock
        }
        boolean perInstance = !profile().has(Erratum.D4) && (flags & KexecFlags.KEXEC_MULTIKERNEL) != 0;
        if ((flags & KexecFlags.KEXEC_FILE_UNLOAD) != 0) {
            int ret = perInstance ? unloadInstance(KexecFlags.KEXEC_GET_MK_ID(flags)) : exchange(null, perInstance);
            kexec.kexec_unlock();
            return ret;
        }
        AllocResult a = kimageFileAllocFind(flags);
        if (a.ret != 0) {
            kexec.kexec_unlock();
            return a.ret;
        }
        call.image = a.image;
        call.instance = a.image.mkInstance;
        a.image.mkInstance = null; // associated only in the next section; the reference is the call's until then
        return UserCall.RUNNING;
    }

    /** The rest of kexec_file_load() after {@link #kexecFileLoadFind}: association onwards, then kexec_unlock(). */
    public int kexecFileLoadRest(UserCall.Load call) {
        int ret = kexecFileLoadAssociated(call);
        kexec.kexec_unlock();
        return ret;
    }

    private int kexecFileLoadAssociated(UserCall.Load call) {
        AllocResult a = kimageFileAllocAssociate(call.image, call.instance, call.flags, call.requests, call.failAt);
        if (a.ret != 0) {
            return a.ret;
        }
        KImage image = a.image;
        // machine_kexec_prepare(), kexec_calculate_store_digests(): not modelled (no failures).
        for (KImage.Segment s : image.segments) {
            kexec.kimage_load_segment(image, s);
        }
        image.segmentsLoaded = true;
        if (call.failAt == FailPoint.POST_LOAD) {
            // machine_kexec_post_load() failed: goto out, where kimage_free() runs.
            kexec.kimage_free(image);
            return call.failAt.ret();
        }
        if (image.type == KImage.KEXEC_TYPE_MULTIKERNEL && !profile().has(Erratum.D5)) {
            // The later tree marks the instance LOADED only once the load has completed.
            image.mkInstance.setState(InstanceState.LOADED);
        }
        boolean perInstance = !profile().has(Erratum.D4) && (call.flags & KexecFlags.KEXEC_MULTIKERNEL) != 0;
        return exchange(image, perInstance);
    }

    /**
     * The {@code exchange:} label: with D4 every non-crash image goes into kexec_image and the image
     * it replaces is freed, whoever it belonged to; without D4 a multikernel image stays with its
     * instance and only the kimage list holds it.
     */
    private int exchange(KImage image, boolean perInstance) {
        if (image != null && image.type == KImage.KEXEC_TYPE_MULTIKERNEL && perInstance) {
            kexec.kimage_add_to_list(image);
            return 0;
        }
        KImage old = kexec.kexecImage;
        kexec.kexecImage = image;
        if (image != null) {
            kexec.kimage_add_to_list(image);
        }
        kexec.kimage_free(old);
        return 0;
    }

    /**
     * The fixed profile's unload of one instance's image (later tree: kimage_find_by_id()); an
     * ACTIVE instance's image stays (running-protected) unless D5 is on.
     */
    private int unloadInstance(int mkId) {
        if (mkId <= 0) {
            return Errno.EINVAL.negative();
        }
        MkInstance instance = core().mk_instance_find(mkId);
        if (instance == null) {
            return Errno.ENOENT.negative();
        }
        if (!profile().has(Erratum.D5) && instance.state() == InstanceState.ACTIVE) {
            core().mk_instance_put(instance);
            return Errno.EBUSY.negative();
        }
        KImage image = (KImage) instance.kimage();
        core().mk_instance_put(instance);
        kexec.kimage_free(image);
        return 0;
    }

    record AllocResult(int ret, KImage image) {
    }

    /**
     * kimage_file_alloc_init() up to [P15]'s mk_instance_find(): the image, its type and flags, the id check and
     * the lookup. On success the image's mkInstance is the found instance, not yet associated.
     */
    AllocResult kimageFileAllocFind(long flags) {
        KImage image = kexec.do_kimage_alloc_init();
        image.noCma = (flags & KexecFlags.KEXEC_FILE_NO_CMA) != 0;
        image.forceDtb = (flags & KexecFlags.KEXEC_FILE_FORCE_DTB) != 0;
        if ((flags & KexecFlags.KEXEC_MULTIKERNEL) != 0) {
            image.type = KImage.KEXEC_TYPE_MULTIKERNEL;
            int mkId = KexecFlags.KEXEC_GET_MK_ID(flags);
            if (mkId <= 0) {
                return outFreeImage(image, Errno.EINVAL.negative());
            }
            MkInstance instance = core().mk_instance_find(mkId);
            if (instance == null) {
                return outFreeImage(image, Errno.ENOENT.negative());
            }
            image.mkInstance = instance;
        }
        return new AllocResult(0, image);
    }

    /**
     * The rest of kimage_file_alloc_init() with [P15]'s association and [P16]'s handover page, and the mainline
     * unwinding ladder out_free_control_pages > out_free_post_load_bufs > out_free_image, one method per label,
     * each falling through to the next as the C's labels do. {@code instance} is what mk_instance_find() returned
     * (null for a plain image).
     */
    AllocResult kimageFileAllocAssociate(KImage image, MkInstance instance, long flags, List<SegmentRequest> requests,
                                         FailPoint failAt) {
        int ret;
        if (instance != null) {
            int mkId = KexecFlags.KEXEC_GET_MK_ID(flags);
            if (instance.kimage() != null) {
                core().mk_instance_put(instance);
                return outFreeImage(image, Errno.EBUSY.negative());
            }
            // Establish cross-references; the reference from mk_instance_find() moves to the image.
            image.mkInstance = instance;
            image.mkId = mkId;
            instance.setKimage(image);
            instance.setState(InstanceState.LOADING);
            long page = failAt == FailPoint.FDT_PAGE ? 0
                : kexec.host.alloc_page(kexec.poolRange);
            if (page == 0) {
                return outFreeImage(image, Errno.ENOMEM.negative());
            }
            image.khoFdt = page;
        }
        ret = kimage_file_prepare_segments(image, requests, failAt);
        if (ret != 0) {
            return outFreeImage(image, ret);
        }
        ret = sanity_check_segment_list(image);
        if (ret != 0) {
            return outFreePostLoadBufs(image, ret);
        }
        KImage.ControlPages code = failAt == FailPoint.CONTROL_PAGES ? null
            : kexec.kimage_alloc_control_pages(image, 0);
        if (code == null) {
            return outFreePostLoadBufs(image, Errno.ENOMEM.negative());
        }
        KImage.ControlPages swap = kexec.kimage_alloc_control_pages(image, 0);
        if (swap == null) {
            return outFreeControlPages(image, Errno.ENOMEM.negative());
        }
        return new AllocResult(0, image);
    }

    /** out_free_control_pages: kimage_free_page_list(&image->control_pages), then on down the ladder. */
    private AllocResult outFreeControlPages(KImage image, int ret) {
        kexec.kimage_free_page_list(image);
        return outFreePostLoadBufs(image, ret);
    }

    /** out_free_post_load_bufs: kimage_file_post_load_cleanup(), whose buffers are not modelled, then on down. */
    private AllocResult outFreePostLoadBufs(KImage image, int ret) {
        return outFreeImage(image, ret);
    }

    /**
     * out_free_image: RFC v2 only kfree()s the image (D1): the instance keeps a dangling kimage
     * pointer, stays LOADING, keeps the leaked reference, and the handover page and every pool
     * allocation leak. Without D1 the association is undone completely first.
     */
    private AllocResult outFreeImage(KImage image, int ret) {
        if (!profile().has(Erratum.D1) && image.mkInstance != null) {
            kexec.returnPoolAllocations(image);
            if (image.khoFdt != 0) {
                kexec.host.put_page(image.khoFdt);
                image.khoFdt = 0;
            }
            kexec.releaseInstance(image);
        }
        image.alive = false; // kfree(image)
        return new AllocResult(ret, null);
    }

    /**
     * kimage_file_prepare_segments(): the image loader adds its buffers in order; the first
     * placement error is returned (buffers already placed stay in image->segment[]).
     */
    int kimage_file_prepare_segments(KImage image, List<SegmentRequest> requests, FailPoint failAt) {
        for (SegmentRequest r : requests) {
            int ret = kexec_add_buffer(new KexecBuf(image, r));
            if (ret != 0) {
                return ret;
            }
        }
        if (failAt == FailPoint.PREPARE_SEGMENTS) {
            return failAt.ret();
        }
        return 0;
    }

    /** kexec_add_buffer(): rounds memsz and buf_align up to a page, places, records the segment. */
    int kexec_add_buffer(KexecBuf kbuf) {
        long pageSize = kexec.pageSize;
        if (kbuf.image.segments.size() >= KImage.KEXEC_SEGMENT_MAX) {
            return Errno.EINVAL.negative();
        }
        // Guards the kernel leaves to the loaders: a buffer has a size, a power-of-two
        // alignment and a non-empty window.
        if (kbuf.memsz <= 0 || (kbuf.bufAlign & (kbuf.bufAlign - 1)) != 0 || kbuf.bufAlign < 0
            || kbuf.bufMin > kbuf.bufMax) {
            return Errno.EINVAL.negative();
        }
        kbuf.memsz = (kbuf.memsz + pageSize - 1) & -pageSize;
        kbuf.bufAlign = Math.max(kbuf.bufAlign, pageSize);
        int ret = kexec_locate_mem_hole(kbuf);
        if (ret != 0) {
            return ret;
        }
        kbuf.image.segments.add(new KImage.Segment(kbuf.mem, kbuf.memsz, kbuf.fromPool));
        return 0;
    }

    /**
     * kexec_locate_mem_hole(): [P15] tries the instance pool first; RFC v2 then falls through to
     * the mainline search of host System RAM on any failure (D2), which for an instance without
     * memory-bytes is every time (D8). The later tree returns the pool's error instead.
     */
    int kexec_locate_mem_hole(KexecBuf kbuf) {
        if (kbuf.mem != KEXEC_BUF_MEM_UNKNOWN) {
            return 0;
        }
        int ret = kexec_alloc_multikernel(kbuf);
        if (ret == 0) {
            return 0;
        }
        KImage image = kbuf.image;
        if (image.type == KImage.KEXEC_TYPE_MULTIKERNEL) {
            boolean noPool = image.mkInstance != null && image.mkInstance.instancePool() == null;
            boolean fallBack = profile().has(Erratum.D2) || (profile().has(Erratum.D8) && noPool);
            if (!fallBack) {
                return ret;
            }
        }
        // kho_locate_mem_hole(): KHO is not enabled on the modelled host; kexec_alloc_contig(): no
        // CMA area is configured. What remains is the walk of System RAM.
        if (kexec_walk_resources(kbuf)) {
            return 0;
        }
        return Errno.EADDRNOTAVAIL.negative();
    }

    /** [P15] kexec_alloc_multikernel(): first fit in the instance pool, then three checks. */
    int kexec_alloc_multikernel(KexecBuf kbuf) {
        KImage image = kbuf.image;
        if (image.mkInstance == null || image.type != KImage.KEXEC_TYPE_MULTIKERNEL) {
            return Errno.EPERM.negative();
        }
        long phys = kexec.mk_kimage_alloc(image, kbuf.memsz, kbuf.bufAlign);
        if (phys == 0) {
            return Errno.ENOMEM.negative();
        }
        if ((phys & (kbuf.bufAlign - 1)) != 0) {
            kexec.mk_kimage_free(image, phys, kbuf.memsz);
            return Errno.ENOMEM.negative();
        }
        if (phys < kbuf.bufMin || phys + kbuf.memsz - 1 > kbuf.bufMax) {
            kexec.mk_kimage_free(image, phys, kbuf.memsz);
            return Errno.ENOMEM.negative();
        }
        if (KexecCore.kimage_is_destination_range(image, phys, phys + kbuf.memsz - 1)) {
            kexec.mk_kimage_free(image, phys, kbuf.memsz);
            return Errno.EBUSY.negative();
        }
        kbuf.mem = phys;
        kbuf.fromPool = true;
        return 0;
    }

    /**
     * kexec_walk_resources() over System RAM with locate_mem_hole_callback(): the model's RAM is one
     * range, which includes the multikernel pool (the pool's resource is a child of System RAM and
     * does not hide it from the walk).
     */
    boolean kexec_walk_resources(KexecBuf kbuf) {
        long start = kexec.host.ramStart();
        long end = kexec.host.ramEnd() - 1;
        if (end - start + 1 < kbuf.memsz) {
            return false;
        }
        if (end < kbuf.bufMin || start > kbuf.bufMax) {
            return false;
        }
        return locate_mem_hole_top_down(start, end, kbuf);
    }

    /** locate_mem_hole_top_down(): the highest aligned hole that is not a destination already. */
    boolean locate_mem_hole_top_down(long start, long end, KexecBuf kbuf) {
        long tempEnd = Math.min(end, kbuf.bufMax);
        long tempStart = tempEnd - kbuf.memsz + 1;
        while (true) {
            tempStart = tempStart & -kbuf.bufAlign; // ALIGN_DOWN
            if (tempStart < start || tempStart < kbuf.bufMin) {
                return false;
            }
            tempEnd = tempStart + kbuf.memsz - 1;
            if (KexecCore.kimage_is_destination_range(kbuf.image, tempStart, tempEnd)) {
                tempStart = tempStart - kexec.pageSize;
                continue;
            }
            break;
        }
        kbuf.mem = tempStart;
        kbuf.fromPool = false;
        return true;
    }

    /**
     * sanity_check_segment_list(): segments must not overlap and may not take more than half of
     * RAM (the modelled checks; alignment holds by construction).
     */
    int sanity_check_segment_list(KImage image) {
        List<KImage.Segment> s = image.segments;
        long total = 0;
        for (int i = 0; i < s.size(); i++) {
            total += s.get(i).memsz();
            for (int j = i + 1; j < s.size(); j++) {
                KImage.Segment a = s.get(i);
                KImage.Segment b = s.get(j);
                if (a.mem() < b.end() && b.mem() < a.end()) {
                    return Errno.EINVAL.negative();
                }
            }
        }
        long ram = kexec.host.ramEnd() - kexec.host.ramStart();
        if (total > ram / 2) {
            return Errno.EINVAL.negative();
        }
        return 0;
    }
}
