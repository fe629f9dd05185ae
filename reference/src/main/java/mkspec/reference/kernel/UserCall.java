package mkspec.reference.kernel;

import java.util.List;
import java.util.Map;
import mkspec.reference.kernel.multikernel.MkInstance;

/**
 * A system call one user thread has begun and not yet finished, stopped at a lock boundary: which call, what it
 * holds (struct pointers, a reference, a lock) and which section it runs next. Only the calls the races need are
 * ever stopped (rmdir, a multikernel load, an exec); every other call is one section. Closed: these three are all
 * there are.
 */
public sealed interface UserCall permits UserCall.Rmdir, UserCall.Load, UserCall.Exec {

    /** What a section returns when the call goes on: never a valid return value. */
    int RUNNING = Integer.MIN_VALUE + 1;

    /** The C function the next section starts in, for traces and reports. */
    String next();

    /** A copy whose struct pointers are the copies {@code structs} and {@code images} map them to. */
    UserCall copy(Map<MkInstance, MkInstance> structs, Map<KImage, KImage> images);

    /** Dispatches on the kind of call. */
    <T> T accept(Cases<T> cases);

    /** One method per kind of call. */
    interface Cases<T> {
        T rmdir(Rmdir r);

        T load(Load l);

        T exec(Exec e);
    }

    /** Whether the call holds system_transition_mutex (an exec between its sections does). */
    boolean holdsSystemTransitionMutex();

    /**
     * Whether the call holds mk_instance_mutex between its sections: the fixed rmdir does, from its check to its
     * last put, as the later tree's mk_instance_destroy() runs with its caller holding it.
     */
    boolean holdsInstanceMutex();

    /** The instance struct the call points at, or null. */
    MkInstance instance();

    /** The kimage struct the call points at, or null. */
    KImage image();

    /**
     * rmdir instances/&lt;name&gt; after its first section: the instance is off the list and out of the idr, and
     * the call still holds the creation reference and the directory.
     */
    final class Rmdir implements UserCall {
        public final String name;
        /** RFC v2's order (D18): mk_instance_put() before kernfs_remove_self(). */
        public final boolean putFirst;
        /** The unlinked instance. */
        public MkInstance unlinked;
        /** Whether kernfs_remove_self() has run. */
        public boolean removed;
        /** Whether mk_instance_put() has run. */
        public boolean put;

        public Rmdir(String name, boolean putFirst) {
            this.name = name;
            this.putFirst = putFirst;
        }

        @Override
        public String next() {
            boolean putNext = putFirst ? !put : removed;
            return putNext ? "mk_instance_put" : "kernfs_remove_self";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.rmdir(this);
        }

        @Override
        public boolean holdsSystemTransitionMutex() {
            return false;
        }

        @Override
        public boolean holdsInstanceMutex() {
            return !putFirst;
        }

        @Override
        public UserCall copy(Map<MkInstance, MkInstance> structs, Map<KImage, KImage> images) {
            Rmdir c = new Rmdir(name, putFirst);
            c.unlinked = structs.get(unlinked);
            c.removed = removed;
            c.put = put;
            return c;
        }

        @Override
        public MkInstance instance() {
            return unlinked;
        }

        @Override
        public KImage image() {
            return null;
        }
    }

    /**
     * kexec_file_load() after mk_instance_find(): kexec_lock is held, the image allocated, the instance found
     * (with the reference mk_instance_find() took) but not yet associated.
     */
    final class Load implements UserCall {
        public final long flags;
        public final List<SegmentRequest> requests;
        public final FailPoint failAt;
        public KImage image;
        public MkInstance instance;

        public Load(long flags, List<SegmentRequest> requests, FailPoint failAt) {
            this.flags = flags;
            this.requests = requests;
            this.failAt = failAt;
        }

        @Override
        public String next() {
            return "kimage_file_alloc_init";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.load(this);
        }

        @Override
        public boolean holdsSystemTransitionMutex() {
            return false;
        }

        @Override
        public boolean holdsInstanceMutex() {
            return false;
        }

        @Override
        public UserCall copy(Map<MkInstance, MkInstance> structs, Map<KImage, KImage> images) {
            Load c = new Load(flags, requests, failAt);
            c.image = images.get(image);
            c.instance = structs.get(instance);
            return c;
        }

        @Override
        public MkInstance instance() {
            return instance;
        }

        @Override
        public KImage image() {
            return image;
        }
    }

    /**
     * reboot(LINUX_REBOOT_CMD_MULTIKERNEL) after kimage_find_by_id(): system_transition_mutex and kexec_lock are
     * held and the image found; the instance's reference from the lookup is already dropped.
     */
    final class Exec implements UserCall {
        public final int mkId;
        public final boolean badPointer;
        public final NotifierFault fault;
        public KImage image;

        public Exec(int mkId, boolean badPointer, NotifierFault fault) {
            this.mkId = mkId;
            this.badPointer = badPointer;
            this.fault = fault;
        }

        @Override
        public String next() {
            return "mk_kexec_finalize";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.exec(this);
        }

        @Override
        public boolean holdsSystemTransitionMutex() {
            return true;
        }

        @Override
        public boolean holdsInstanceMutex() {
            return false;
        }

        @Override
        public UserCall copy(Map<MkInstance, MkInstance> structs, Map<KImage, KImage> images) {
            Exec c = new Exec(mkId, badPointer, fault);
            c.image = images.get(image);
            return c;
        }

        @Override
        public MkInstance instance() {
            return null;
        }

        @Override
        public KImage image() {
            return image;
        }
    }
}
