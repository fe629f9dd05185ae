package mkspec.reference.kernel;

import mkspec.reference.Cpus;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.KernelBug;
import mkspec.reference.Profile;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.KexecCore;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.multikernel.InstanceState;
import mkspec.reference.kernel.multikernel.MkInstance;

/**
 * multikernel_kexec_by_id() of kernel/kexec_core.c [P09, P16]: finds the instance's image, picks
 * the first CPU of the instance, finalizes the handover FDT and kicks the CPU.
 *
 * <p>It lives in its own package (not next to {@link KexecCore}) because it needs the KHO side,
 * which itself needs struct kimage.
 */
public final class MultikernelKexec {
    private final KexecCore kexec;
    private final MultikernelHandover kho;
    private final Cpus cpus;
    private final Profile profile;

    public MultikernelKexec(KexecCore kexec, MultikernelHandover kho, Cpus cpus, Profile profile) {
        this.kexec = kexec;
        this.kho = kho;
        this.cpus = cpus;
        this.profile = profile;
    }

    /**
     * multikernel_kexec_by_id(): -EINVAL without an image or a CPU, -EBUSY when the CPU is still
     * online. RFC v2 checks no state (D5) and only warns when finalize fails (D11). Its two sections run back to
     * back: what one thread does alone.
     */
    public int multikernel_kexec_by_id(int mkId, NotifierFault fault) {
        UserCall.Exec call = new UserCall.Exec(mkId, false, fault);
        int ret = lookup(call);
        return ret == UserCall.RUNNING ? kick(call) : ret;
    }

    /**
     * The first section: kexec_trylock() and kimage_find_by_id(), whose mk_instance_find() holds
     * mk_instance_mutex only for the lookup. Returns the result, or {@link UserCall#RUNNING} with the image in
     * {@code call} and kexec_lock held.
     */
    public int lookup(UserCall.Exec call) {
        if (!kexec.kexec_trylock()) {
            return Errno.EBUSY.negative(); // another thread's load or exec holds kexec_lock
        }
        KImage image = kexec.kimage_find_by_id(call.mkId);
        if (image == null) {
            kexec.kexec_unlock();
            return Errno.EINVAL.negative();
        }
        call.image = image;
        return UserCall.RUNNING;
    }

    /**
     * The second section: the image's checks, mk_kexec_finalize() (whose notifier looks the instance up again,
     * under mk_instance_mutex, by the image's mk_id), the kick, and kexec_unlock().
     */
    public int kick(UserCall.Exec call) {
        int ret = kickLocked(call.image, call.mkId, call.fault);
        kexec.kexec_unlock();
        return ret;
    }

    private int kickLocked(KImage image, int mkId, NotifierFault fault) {
        if (!image.alive()) {
            // D1 leaves instance->kimage pointing at a kfree()d kimage; the exec reads it.
            throw new KernelBug("multikernel_kexec_by_id use-after-free",
                "instance " + mkId + "'s kimage #" + image.serial() + " was freed by a failed load");
        }
        MkInstance instance = image.mkInstance();
        if (!profile.has(Erratum.D5) && instance.state() != InstanceState.LOADED) {
            return Errno.EBUSY.negative(); // the later tree runs only a LOADED image, once
        }
        int cpu = instance.cpusValid() ? instance.cpus().nextSetBit(0) : -1;
        if (cpu < 0) {
            return Errno.EINVAL.negative(); // no CPU to run on
        }
        if (cpus.cpu_online(cpu)) {
            return Errno.EBUSY.negative();
        }
        int rc = kho.mk_kexec_finalize(image, fault);
        if (rc != 0 && !profile.has(Erratum.D11)) {
            return rc; // the later tree aborts the exec
        }
        // cpus_read_lock(); multikernel_kick_ap(cpu, mk_image->start): the kick always succeeds.
        kho.started(image, instance, cpu, rc);
        if (!profile.has(Erratum.D5)) {
            instance.setState(InstanceState.ACTIVE); // mk_instance_set_kexec_active()
        }
        return 0;
    }
}
