package mkspec.reference.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mkspec.reference.Erratum;
import mkspec.reference.KernelBug;
import mkspec.reference.Profile;
import mkspec.reference.kernel.multikernel.InstanceState;
import mkspec.reference.kernel.multikernel.MkCore;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.MultikernelPool;
import mkspec.reference.mm.HostMemory;

/**
 * The parts of kernel/kexec_core.c the multikernel paths use: the kimage allocator and its
 * free, the control-page allocator with [P15]'s multikernel case, kimage_find_by_id() of [P09],
 * and the kexec_image slot with [P07]'s kimage list.
 */
public final class KexecCore {
    final MkCore core;
    final HostMemory host;
    final Profile profile;
    final long pageSize;
    /** The multikernel pool's range, which the host allocator never hands out (memblock reserved it). */
    final long[] poolRange;
    /** kexec_image: the single slot RFC v2 also puts multikernel images into (D4). */
    KImage kexecImage;
    /** [P07]'s kimage list (kimage_add_to_list). */
    final List<KImage> kimageList = new ArrayList<>();
    private int nextSerial = 1;
    /** kexec_lock: held by a load or an exec in progress on some thread; free between calls. */
    private boolean kexecLocked;

    public KexecCore(MkCore core, HostMemory host, Profile profile, long pageSize) {
        this.core = core;
        this.host = host;
        this.profile = profile;
        this.pageSize = pageSize;
        MultikernelPool p = core.pool();
        this.poolRange = p.size() > 0 ? new long[] {p.start(), p.start() + p.size()} : null;
    }

    /**
     * Copies this state onto copied instance structs: every kimage reachable from the slot, the
     * list or an instance's kimage pointer is copied once, and the references between kimages and
     * instances are re-pointed at the copies (a dangling pointer stays dangling).
     *
     * @param structs every instance struct of the original mapped to its copy
     */
    public KexecCore copy(MkCore coreCopy, HostMemory hostCopy, java.util.Map<MkInstance, MkInstance> structs) {
        return copy(coreCopy, hostCopy, structs, new java.util.IdentityHashMap<>(), java.util.List.of());
    }

    /**
     * The same, also copying {@code held} (images only a thread's call in progress holds) and leaving in
     * {@code images} every kimage struct of this state mapped to its copy.
     */
    public KexecCore copy(MkCore coreCopy, HostMemory hostCopy, java.util.Map<MkInstance, MkInstance> structs,
                          java.util.Map<KImage, KImage> images, java.util.List<KImage> held) {
        KexecCore c = new KexecCore(coreCopy, hostCopy, profile, pageSize);
        for (KImage i : held) {
            copyOf(i, images);
        }
        c.kexecImage = copyOf(kexecImage, images);
        for (KImage i : kimageList) {
            c.kimageList.add(copyOf(i, images));
        }
        for (MkInstance i : structs.keySet()) {
            copyOf((KImage) i.kimage(), images);
        }
        for (java.util.Map.Entry<KImage, KImage> e : images.entrySet()) {
            MkInstance owner = e.getKey().mkInstance;
            e.getValue().mkInstance = owner == null ? null : structs.get(owner);
        }
        for (java.util.Map.Entry<MkInstance, MkInstance> e : structs.entrySet()) {
            Object k = e.getKey().kimage();
            e.getValue().setKimage(k == null ? null : images.get((KImage) k));
        }
        c.nextSerial = nextSerial;
        c.kexecLocked = kexecLocked;
        return c;
    }

    private static KImage copyOf(KImage image, java.util.Map<KImage, KImage> images) {
        return image == null ? null : images.computeIfAbsent(image, KImage::copyShallow);
    }

    /** kexec_trylock(): takes kexec_lock unless some thread's load or exec holds it. */
    public boolean kexec_trylock() {
        if (kexecLocked) {
            return false;
        }
        kexecLocked = true;
        return true;
    }

    /** kexec_unlock() */
    public void kexec_unlock() {
        kexecLocked = false;
    }

    /** Whether a load or exec in progress holds kexec_lock. */
    public boolean kexecLocked() {
        return kexecLocked;
    }

    /** Every kimage struct reachable from this state: the slot, the list, instances' pointers. */
    public java.util.List<KImage> reachableImages(java.util.Collection<MkInstance> instances) {
        // A handful of structs at most: a list with identity checks beats a hashed set here.
        java.util.List<KImage> out = new ArrayList<>(4);
        addOnce(out, kexecImage);
        for (KImage i : kimageList) {
            addOnce(out, i);
        }
        for (MkInstance inst : instances) {
            addOnce(out, (KImage) inst.kimage());
        }
        return out;
    }

    private static void addOnce(java.util.List<KImage> out, KImage k) {
        if (k == null) {
            return;
        }
        for (KImage o : out) {
            if (o == k) {
                return;
            }
        }
        out.add(k);
    }

    public Profile profile() {
        return profile;
    }

    public MkCore core() {
        return core;
    }

    public HostMemory host() {
        return host;
    }

    public long pageSize() {
        return pageSize;
    }

    /** The kexec_image slot, or null. */
    public KImage kexecImage() {
        return kexecImage;
    }

    /** The kimage list. */
    public List<KImage> kimageList() {
        return Collections.unmodifiableList(kimageList);
    }

    /** do_kimage_alloc_init() */
    KImage do_kimage_alloc_init() {
        return new KImage(nextSerial++);
    }

    /** kimage_add_to_list() */
    void kimage_add_to_list(KImage image) {
        if (!kimageList.contains(image)) {
            kimageList.add(image);
        }
    }

    /** kimage_is_destination_range(): whether [start, end] overlaps a segment of the image. */
    public static boolean kimage_is_destination_range(KImage image, long start, long end) {
        for (KImage.Segment s : image.segments) {
            long mstart = s.mem();
            long mend = mstart + s.memsz() - 1;
            if (end >= mstart && start <= mend) {
                return true;
            }
        }
        return false;
    }

    /**
     * mk_kimage_alloc() [P12]: allocates from the image's instance pool; 0 when the image has no
     * instance or the instance has no pool (mk_instance_alloc() returns NULL).
     */
    long mk_kimage_alloc(KImage image, long size, long align) {
        if (image == null || image.mkInstance == null) {
            return 0;
        }
        return MultikernelPool.multikernel_instance_alloc(image.mkInstance.instancePool(), size, align);
    }

    /** mk_kimage_free() [P12] */
    void mk_kimage_free(KImage image, long phys, long size) {
        if (image == null || image.mkInstance == null) {
            return;
        }
        MultikernelPool.multikernel_instance_free(image.mkInstance.instancePool(), phys, size);
    }

    /**
     * kimage_alloc_control_pages(): for a multikernel image, [P15]'s
     * kimage_alloc_multikernel_control_pages() (instance pool only, no fallback); for a plain
     * image, host pages that are not a destination of the image.
     *
     * @return the pages, or null (the kernel's NULL)
     */
    KImage.ControlPages kimage_alloc_control_pages(KImage image, int order) {
        long size = pageSize << order;
        if (image.type == KImage.KEXEC_TYPE_MULTIKERNEL) {
            return kimage_alloc_multikernel_control_pages(image, order);
        }
        // kimage_alloc_normal_control_pages(): the model allocates order-0 pages only.
        long phys = host.alloc_page(poolRange);
        if (phys == 0) {
            return null;
        }
        image.controlPages.add(phys);
        return new KImage.ControlPages(phys, size, false);
    }

    /** kimage_alloc_multikernel_control_pages() [P15] */
    KImage.ControlPages kimage_alloc_multikernel_control_pages(KImage image, int order) {
        if (image.mkInstance == null) {
            return null;
        }
        long size = pageSize << order;
        long phys = mk_kimage_alloc(image, size, pageSize);
        if (phys == 0) {
            return null;
        }
        if ((phys & (pageSize - 1)) != 0) {
            mk_kimage_free(image, phys, size);
            return null;
        }
        if (kimage_is_destination_range(image, phys, phys + size - 1)) {
            mk_kimage_free(image, phys, size);
            return null;
        }
        KImage.ControlPages cp = new KImage.ControlPages(phys, size, true);
        // Not on image->control_pages: kimage_free() never sees these (D6).
        image.mkControlPages.add(cp);
        return cp;
    }

    /** kimage_free_page_list(&image->control_pages): the plain image's host control pages. */
    void kimage_free_page_list(KImage image) {
        for (long p : image.controlPages) {
            host.put_page(p);
        }
        image.controlPages.clear();
    }

    /**
     * kimage_free() with [P07], [P09] and [P16]: leaves the list, releases the instance (state
     * READY, unconditionally), puts the handover page, frees the plain image's control pages.
     * Segments and control pages from the instance pool are returned only without D6.
     */
    public void kimage_free(KImage image) {
        if (image == null) {
            return;
        }
        if (!image.alive) {
            throw new KernelBug("kimage_free use-after-free",
                "kimage #" + image.serial + " was already freed (a dangling instance->kimage)");
        }
        kimageList.remove(image);
        if (image == kexecImage) {
            kexecImage = null; // kimage_update_compat_pointers(NULL, ...)
        }
        if (image.type == KImage.KEXEC_TYPE_MULTIKERNEL && !profile.has(Erratum.D6)) {
            // The later tree's mk_kimage_free() loop; it must run while the instance is still held.
            returnPoolAllocations(image);
        }
        if (image.type == KImage.KEXEC_TYPE_MULTIKERNEL && image.mkInstance != null) {
            releaseInstance(image);
        }
        if (image.khoFdt != 0 && image.type == KImage.KEXEC_TYPE_MULTIKERNEL) {
            host.put_page(image.khoFdt);
            image.khoFdt = 0;
        }
        kimage_free_page_list(image);
        image.alive = false;
    }

    /**
     * Undoes the association kimage_file_alloc_init() made [P15]: the instance holds no image and
     * is READY again, and the image's reference on it is dropped.
     */
    void releaseInstance(KImage image) {
        MkInstance instance = image.mkInstance;
        instance.setKimage(null);
        instance.setState(InstanceState.READY);
        core.mk_instance_put(instance);
        image.mkInstance = null;
    }

    /** Every segment and control page the image took from its instance pool goes back. */
    void returnPoolAllocations(KImage image) {
        for (KImage.Segment s : image.segments) {
            if (s.fromPool()) {
                mk_kimage_free(image, s.mem(), s.memsz());
            }
        }
        for (KImage.ControlPages cp : image.mkControlPages) {
            mk_kimage_free(image, cp.addr(), cp.size());
        }
        image.mkControlPages.clear();
    }

    /**
     * kimage_find_by_id() [P09]: the instance's kimage pointer, whatever it points to (a freed
     * kimage under D1), or null.
     */
    public KImage kimage_find_by_id(int mkId) {
        if (mkId <= 0) {
            return null;
        }
        MkInstance instance = core.mk_instance_find(mkId);
        KImage image = null;
        if (instance != null) {
            image = (KImage) instance.kimage();
            core.mk_instance_put(instance);
        }
        return image;
    }

    /**
     * kimage_load_segment() for a multikernel image ([P01] kimage_load_multikernel_segment): the
     * bytes go straight to the destination at load time. A destination in host RAM overwrites
     * whatever the host kept there, the model's tracked pages included.
     */
    void kimage_load_segment(KImage image, KImage.Segment segment) {
        if (image.type != KImage.KEXEC_TYPE_MULTIKERNEL) {
            return; // plain images are copied at reboot time, not at load
        }
        if (!segment.fromPool()) {
            for (long a = segment.mem(); a < segment.end(); a += pageSize) {
                if (host.page(a) != null) {
                    host.scribble(a, (byte) 0x4b);
                }
            }
        }
    }
}
