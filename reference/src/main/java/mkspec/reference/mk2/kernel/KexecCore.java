package mkspec.reference.mk2.kernel;

import mkspec.reference.Errno;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.Spawn;
import mkspec.reference.mk2.kernel.multikernel.Core;
import mkspec.reference.mk2.kernel.multikernel.InstanceDt;
import mkspec.reference.mk2.kernel.multikernel.Manifest;

/** kernel/kexec_core.c [XC@758894fd], the multikernel paths: kimage_free, kimage_find_by_id and the exec. */
public final class KexecCore {
    private KexecCore() {
    }

    /** What mk_arch_spawn_instance returns when it fails: arch code the notes could not read, so an oracle. */
    public static final Errno SPAWN_FAILURE = Errno.EIO;

    /**
     * kimage_free(image): off the list; every segment back to the instance pool; the instance's kimage cleared, its
     * state set READY unconditionally and its reference dropped; the manifest (with N9, put_page on the head only),
     * the IPI ring and the control pages freed; the image freed.
     */
    public static void kimage_free(Host h, int serial) {
        KImage image = h.image(serial, "kimage_free");
        kimage_remove_from_list(h, image);
        if (h.crashImage == serial) {
            h.crashImage = 0;
        }
        if (image.type == KImage.Type.MULTIKERNEL && image.mkInstance != 0) {
            MkInstance inst = h.record(image.mkInstance, "mk_kimage_free");
            for (KImage.Segment s : image.segments) {
                inst.instancePool.gen_pool_free(s.mem(), s.memsz());
            }
            inst.kimage = 0;
            inst.ipiPhys = 0;
            Core.mk_instance_set_state(inst, InstanceState.READY);
            Core.mk_instance_put(h, inst.serial);
        }
        for (long pfn : image.crashPages) {
            h.pages.__free_pages(pfn, 0);
        }
        freeManifestAndRing(h, image);
        for (long pfn : image.controlPages) {
            h.pages.__free_pages(pfn, 0);
        }
        h.images.remove(serial);
    }

    /** kimage_remove_from_list(image): off kexec_image_list (under kexec_image_mutex); a no-op when it is not on it. */
    static void kimage_remove_from_list(Host h, KImage image) {
        h.imageList.remove(Integer.valueOf(image.serial));
        image.onList = false;
    }

    /** kexec_trylock(): false when another kexec call holds __kexec_lock (its caller returns -EBUSY, never waits). */
    static boolean kexec_trylock(Host h) {
        if (h.kexecLock) {
            return false;
        }
        h.kexecLock = true;
        return true;
    }

    /** kexec_unlock(). */
    static void kexec_unlock(Host h) {
        h.kexecLock = false;
    }

    /** The manifest (order get_order(MK_MANIFEST_SIZE)) and the IPI ring, as kimage_free and out_free_fdt free them. */
    static void freeManifestAndRing(Host h, KImage image) {
        if (image.manifest >= 0) {
            if (h.has(Mk2Erratum.N9)) {
                h.pages.put_page(image.manifest);
            } else {
                h.pages.__free_pages(image.manifest, KexecFile.manifestOrder(h));
            }
            image.manifest = -1;
            image.manifestPage = null;
        }
        if (image.ipiRing >= 0) {
            h.pages.__free_pages(image.ipiRing, KexecFile.IPI_RING_ORDER);
            image.ipiRing = -1;
        }
    }

    /** kimage_find_by_id(id): the idr's record's kimage pointer (0 for none), taken and put at once. */
    static int kimage_find_by_id(Host h, int id) {
        MkInstance i = Core.mk_instance_find(h, id);
        if (i == null) {
            return 0;
        }
        int k = i.kimage;
        Core.mk_instance_put(h, i.serial);
        return k;
    }

    /**
     * multikernel_kexec_by_id(id) as kexec_core.c@758894fd has it: the image by id (-EINVAL without one), no state
     * check, CPUs required (-EINVAL), every CPU parked on the instance's slot (-EBUSY while a spawned kernel runs on
     * one), the segments re-copied, the manifest written (a failure only warned, N20; fixed, returned as
     * kexec_core.c@0646f02c does), the instance pointed at the image's IPI ring, the spawn, then ACTIVE. The spawned
     * kernel boots from the manifest pages as they are ({@link InstanceDt#boot}).
     *
     * kexec_lock is held from the trylock (-EBUSY while another kexec call holds it) to the unlock, which excludes
     * every load and unload for the whole exec, so the exec is one section.
     *
     * @param spawnOk what mk_arch_spawn_instance does
     */
    public static int multikernel_kexec_by_id(Host h, int id, boolean spawnOk) {
        if (!kexec_trylock(h)) {
            return Errno.EBUSY.negative();
        }
        int rc = kexecLocked(h, id, spawnOk);
        kexec_unlock(h);
        return rc;
    }

    /** multikernel_kexec_by_id between kexec_trylock and kexec_unlock. */
    private static int kexecLocked(Host h, int id, boolean spawnOk) {
        int serial = id <= 0 ? 0 : kimage_find_by_id(h, id);
        if (serial == 0) {
            return Errno.EINVAL.negative();
        }
        KImage image = h.image(serial, "multikernel_kexec_by_id");
        MkInstance inst = h.record(image.mkInstance, "multikernel_kexec_by_id");
        if (inst.cpus.isEmpty()) {
            return Errno.EINVAL.negative();
        }
        for (Spawn s : h.running) {
            for (long cpu : inst.cpus) {
                if (s.cpus().contains(cpu)) {
                    return Errno.EBUSY.negative();
                }
            }
        }
        int rc = Manifest.mk_manifest_finalize(h, image);
        if (rc != 0 && !h.has(Mk2Erratum.N20)) {
            return rc;
        }
        // point the instance at this image's ring ("zero the ring, drop pending messages" leaves nothing to model)
        inst.ipiPhys = image.ipiRing < 0 ? 0 : image.ipiRing << h.pageShift;
        if (!spawnOk) {
            return SPAWN_FAILURE.negative();
        }
        InstanceDt.Booted booted = InstanceDt.boot(h, image.manifestPage, inst.cpus.get(0));
        h.running.add(new Spawn(inst.serial, id, serial, inst.cpus, inst.memoryRegions, inst.name,
            Manifest.told(image.manifestPage), booted.restored(), booted.kernel()));
        MkInstance active = Core.mk_instance_find(h, id);
        if (active == null) {
            return Errno.ENOENT.negative();
        }
        Core.mk_instance_set_state(active, InstanceState.ACTIVE);
        Core.mk_instance_put(h, active.serial);
        return 0;
    }
}
