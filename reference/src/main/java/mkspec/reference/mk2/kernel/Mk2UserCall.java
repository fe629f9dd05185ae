package mkspec.reference.mk2.kernel;

import java.util.List;

/**
 * A system call of the mk2 host that one user thread has begun and not yet finished, stopped at a lock boundary:
 * which call, what it holds (serials stand for the struct pointers it keeps) and where its next section starts. Only
 * the calls N3 and N16 need are ever stopped: a multikernel load after mk_instance_find() (N3) and an unload after
 * kexec_unlock() (N16); in {@code fixed} neither stops, and every other call is one section. Closed: these two are
 * all there are.
 */
public sealed interface Mk2UserCall permits Mk2UserCall.Load, Mk2UserCall.Unload {

    /** The C function the next section starts in, for traces and reports. */
    String next();

    /** Dispatches on the kind of call. */
    <T> T accept(Cases<T> cases);


    /** One method per kind of call. */
    interface Cases<T> {
        T load(Load l);

        T unload(Unload u);
    }

    /** What one section did: the call's return value, or, when the call goes on, where it stopped. */
    record Ran(int ret, Mk2UserCall goesOn) {
        /** The call returned {@code ret}. */
        public static Ran returned(int ret) {
            return new Ran(ret, null);
        }

        /** The call stopped at a lock boundary and goes on as {@code c}. */
        public static Ran stopped(Mk2UserCall c) {
            return new Ran(0, c);
        }

        /** Whether the call returned in this section. */
        public boolean ended() {
            return goesOn == null;
        }
    }

    /**
     * kexec_file_load(KEXEC_MULTIKERNEL | id) after mk_instance_find() and the instance->kimage check, with N3:
     * kexec_lock is held and the reference the lookup took is kept, but mk_instance_mutex was dropped inside
     * mk_instance_find(), and the instance stays READY until the load's last step.
     *
     * @param instance the serial of the record the lookup found
     */
    record Load(long flags, List<Long> segments, Mk2FailPoint fault, int mkId, int instance) implements Mk2UserCall {
        public Load {
            segments = List.copyOf(segments);
        }

        @Override
        public String next() {
            return "kimage_file_alloc_init";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.load(this);
        }
    }

    /**
     * kexec_file_load(KEXEC_FILE_UNLOAD | KEXEC_MULTIKERNEL | id) after kimage_remove_from_list() (which took and
     * dropped kexec_image_mutex): the image is off kexec_image_list but instance->kimage still points at it, the
     * instance still says LOADED, and kimage_free() has not run yet. As read the call dropped kexec_lock already
     * (N16); fixed holds it until after kimage_free().
     *
     * @param image the serial of the image kimage_find_by_id() returned
     * @param holdsKexecLock whether kexec_lock is still held (fixed)
     */
    record Unload(int mkId, int image, boolean holdsKexecLock) implements Mk2UserCall {
        @Override
        public String next() {
            return "kimage_free";
        }

        @Override
        public <T> T accept(Cases<T> cases) {
            return cases.unload(this);
        }
    }
}
