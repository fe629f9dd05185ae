package mkspec.reference.kernel;

import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.kernel.NotifierFault;

/**
 * The reboot() system call of kernel/reboot.c with [P01]/[P09]'s LINUX_REBOOT_CMD_MULTIKERNEL: every
 * command runs under system_transition_mutex; the multikernel command's -EFAULT returns without
 * unlocking it (D9), so every later reboot-class call blocks forever.
 */
public final class Reboot {
    /** LINUX_REBOOT_CMD_MULTIKERNEL, "MKLI". */
    public static final int LINUX_REBOOT_CMD_MULTIKERNEL = 0x4D4B4C49;
    /** What a call that blocks forever returns in the model; never a valid return value. */
    public static final int BLOCKS_FOREVER = Integer.MIN_VALUE;

    private final MultikernelKexec exec;
    private final Profile profile;
    /** system_transition_mutex */
    private boolean mutexHeld;

    public Reboot(MultikernelKexec exec, Profile profile, boolean mutexHeld) {
        this.exec = exec;
        this.profile = profile;
        this.mutexHeld = mutexHeld;
    }

    public boolean mutexHeld() {
        return mutexHeld;
    }

    /**
     * reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_MULTIKERNEL, &{mk_id}): {@code badPointer} models an
     * argument copy_from_user() cannot read. Its two sections run back to back: what one thread does alone.
     */
    public int reboot_multikernel(int mkId, boolean badPointer, NotifierFault fault) {
        UserCall.Exec call = new UserCall.Exec(mkId, badPointer, fault);
        int ret = rebootMultikernelLookup(call);
        return ret == UserCall.RUNNING ? rebootMultikernelKick(call) : ret;
    }

    /**
     * The first section: mutex_lock(&system_transition_mutex), copy_from_user(), then multikernel_kexec_by_id()'s
     * lookup. Returns the result, or {@link UserCall#RUNNING} with both locks held.
     */
    public int rebootMultikernelLookup(UserCall.Exec call) {
        if (mutexHeld) {
            return BLOCKS_FOREVER; // mutex_lock() on a mutex nobody will release
        }
        mutexHeld = true;
        if (call.badPointer) {
            if (!profile.has(Erratum.D9)) {
                mutexHeld = false;
            }
            return Errno.EFAULT.negative();
        }
        int ret = exec.lookup(call);
        if (ret != UserCall.RUNNING) {
            mutexHeld = false;
        }
        return ret;
    }

    /** The second section: the rest of multikernel_kexec_by_id(), then mutex_unlock(&system_transition_mutex). */
    public int rebootMultikernelKick(UserCall.Exec call) {
        int ret = exec.kick(call);
        mutexHeld = false;
        return ret;
    }

    /** Any other reboot-class call (here LINUX_REBOOT_CMD_CAD_ON, which does nothing else). */
    public int reboot_other() {
        if (mutexHeld) {
            return BLOCKS_FOREVER;
        }
        return 0;
    }
}
