package mkspec.traces.format;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a trace: an op with its arguments, an optional expectation, and where it was written.
 *
 * <p>Part of the TRACE-FORMAT v1 contract; there is one record per row of the format's "Steps" table. Every record
 * checks that its expectation only holds parts its op allows (statuses on {@code status}, {@code restored} on
 * {@code spawned-boot}, {@code handover-bytes} on {@code reboot-multikernel}). The position is the step's first key
 * in the file, or {@link Position#UNKNOWN} for steps built in code; it takes part in {@code equals}, so compare
 * traces with {@link Trace#sameContentAs}.
 */
public sealed interface Step permits Step.UploadDeviceTree, Step.Mkdir, Step.Rmdir, Step.Status,
        Step.KexecFileLoad, Step.KexecFileLoadDefault, Step.KexecFileUnload, Step.RebootMultikernel,
        Step.RebootOther, Step.SpawnedBoot, Step.HostReuseFreedPages {

    /** The op of this step. */
    Op op();

    /** What the step must produce; empty if only the invariants are checked. */
    Optional<Expect> expect();

    /** Where the step starts in its file. */
    Position position();

    /** This step at another position. */
    Step withPosition(Position position);

    /** This step with its expectation replaced (empty: only the invariants are checked). */
    Step withExpect(Optional<Expect> expect);

    /** {@code c}'s case for this step. */
    <R> R accept(Cases<R> c);

    /**
     * One case per op, so that a handler is exhaustive by construction: a new op does not compile until every
     * handler says what it does.
     */
    interface Cases<R> {
        R uploadDeviceTree(UploadDeviceTree s);

        R mkdir(Mkdir s);

        R rmdir(Rmdir s);

        R status(Status s);

        R kexecFileLoad(KexecFileLoad s);

        R kexecFileLoadDefault(KexecFileLoadDefault s);

        R kexecFileUnload(KexecFileUnload s);

        R rebootMultikernel(RebootMultikernel s);

        R rebootOther(RebootOther s);

        R spawnedBoot(SpawnedBoot s);

        R hostReuseFreedPages(HostReuseFreedPages s);
    }

    /**
     * {@code upload-device-tree}: write the multikernel DTB to {@code /sys/fs/multikernel/device_tree}.
     *
     * @param tree       the instances to build the tree from, or the raw blob
     * @param writeChunk bytes per write() call, at least 1; empty writes the whole blob in one call
     */
    record UploadDeviceTree(DeviceTreeSource tree, Optional<Long> writeChunk, Optional<Expect> expect,
                            Position position) implements Step {

        /** Checks the arguments and the expectation. */
        public UploadDeviceTree {
            Objects.requireNonNull(tree, "tree");
            writeChunk.ifPresent(c -> {
                if (c < 1 || c > Ranges.WRITE_CHUNK_MAX) {
                    throw new IllegalArgumentException("write-chunk must be 1 to " + Ranges.WRITE_CHUNK_TEXT + ": "
                            + c);
                }
            });
            checkExpect(Op.UPLOAD_DEVICE_TREE, expect, position);
        }

        @Override
        public Op op() {
            return Op.UPLOAD_DEVICE_TREE;
        }

        @Override
        public UploadDeviceTree withPosition(Position at) {
            return new UploadDeviceTree(tree, writeChunk, expect, at);
        }

        @Override
        public UploadDeviceTree withExpect(Optional<Expect> e) {
            return new UploadDeviceTree(tree, writeChunk, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.uploadDeviceTree(this);
        }
    }

    /**
     * {@code mkdir}: create {@code instances/<name>}.
     *
     * @param name the directory name
     */
    record Mkdir(String name, Optional<Expect> expect, Position position) implements Step {

        /** Checks the name and the expectation. */
        public Mkdir {
            Names.require(name, "mkdir name");
            checkExpect(Op.MKDIR, expect, position);
        }

        @Override
        public Op op() {
            return Op.MKDIR;
        }

        @Override
        public Mkdir withPosition(Position at) {
            return new Mkdir(name, expect, at);
        }

        @Override
        public Mkdir withExpect(Optional<Expect> e) {
            return new Mkdir(name, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.mkdir(this);
        }
    }

    /**
     * {@code rmdir}: remove {@code instances/<name>}.
     *
     * @param name the directory name
     */
    record Rmdir(String name, Optional<Expect> expect, Position position) implements Step {

        /** Checks the name and the expectation. */
        public Rmdir {
            Names.require(name, "rmdir name");
            checkExpect(Op.RMDIR, expect, position);
        }

        @Override
        public Op op() {
            return Op.RMDIR;
        }

        @Override
        public Rmdir withPosition(Position at) {
            return new Rmdir(name, expect, at);
        }

        @Override
        public Rmdir withExpect(Optional<Expect> e) {
            return new Rmdir(name, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.rmdir(this);
        }
    }

    /** {@code status}: read every {@code instances/<name>/status}; its expectation may name instance statuses. */
    record Status(Optional<Expect> expect, Position position) implements Step {

        /** Checks the expectation. */
        public Status {
            checkExpect(Op.STATUS, expect, position);
        }

        @Override
        public Op op() {
            return Op.STATUS;
        }

        @Override
        public Status withPosition(Position at) {
            return new Status(expect, at);
        }

        @Override
        public Status withExpect(Optional<Expect> e) {
            return new Status(e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.status(this);
        }
    }

    /**
     * {@code kexec-file-load}: kexec_file_load of a multikernel image.
     *
     * @param target   an instance id (default multikernel flags) or raw flags
     * @param segments the image's segments, in order (possibly none)
     * @param failAt   where to inject a failure into the load path, if anywhere
     */
    record KexecFileLoad(LoadTarget target, List<SegmentSpec> segments, Optional<LoadFailPoint> failAt,
                         Optional<Expect> expect, Position position) implements Step {

        /** Checks the arguments and the expectation. */
        public KexecFileLoad {
            Objects.requireNonNull(target, "target");
            segments = List.copyOf(segments);
            Objects.requireNonNull(failAt, "failAt");
            checkExpect(Op.KEXEC_FILE_LOAD, expect, position);
        }

        @Override
        public Op op() {
            return Op.KEXEC_FILE_LOAD;
        }

        @Override
        public KexecFileLoad withPosition(Position at) {
            return new KexecFileLoad(target, segments, failAt, expect, at);
        }

        @Override
        public KexecFileLoad withExpect(Optional<Expect> e) {
            return new KexecFileLoad(target, segments, failAt, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.kexecFileLoad(this);
        }
    }

    /**
     * {@code kexec-file-load-default}: a plain kexec_file_load, not multikernel.
     *
     * @param segments the image's segments, in order (possibly none)
     */
    record KexecFileLoadDefault(List<SegmentSpec> segments, Optional<Expect> expect, Position position)
            implements Step {

        /** Checks the arguments and the expectation. */
        public KexecFileLoadDefault {
            segments = List.copyOf(segments);
            checkExpect(Op.KEXEC_FILE_LOAD_DEFAULT, expect, position);
        }

        @Override
        public Op op() {
            return Op.KEXEC_FILE_LOAD_DEFAULT;
        }

        @Override
        public KexecFileLoadDefault withPosition(Position at) {
            return new KexecFileLoadDefault(segments, expect, at);
        }

        @Override
        public KexecFileLoadDefault withExpect(Optional<Expect> e) {
            return new KexecFileLoadDefault(segments, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.kexecFileLoadDefault(this);
        }
    }

    /**
     * {@code kexec-file-unload}: kexec_file_load with KEXEC_FILE_UNLOAD.
     *
     * @param id the instance id to unload; empty for a plain unload
     */
    record KexecFileUnload(Optional<Long> id, Optional<Expect> expect, Position position) implements Step {

        /** Checks the arguments and the expectation. */
        public KexecFileUnload {
            id.ifPresent(i -> InstanceSpec.requireNonNegative(i, "id"));
            checkExpect(Op.KEXEC_FILE_UNLOAD, expect, position);
        }

        @Override
        public Op op() {
            return Op.KEXEC_FILE_UNLOAD;
        }

        @Override
        public KexecFileUnload withPosition(Position at) {
            return new KexecFileUnload(id, expect, at);
        }

        @Override
        public KexecFileUnload withExpect(Optional<Expect> e) {
            return new KexecFileUnload(id, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.kexecFileUnload(this);
        }
    }

    /**
     * {@code reboot-multikernel}: reboot(LINUX_REBOOT_CMD_MULTIKERNEL, {mk_id}), which execs instance {@code id}.
     *
     * <p>{@code failAt} is an mkspec extension, compatible with v1 (see {@link RebootFailPoint}).
     *
     * @param id         the instance id
     * @param badPointer pass a bad user pointer instead of the argument struct ({@code bad-pointer: true})
     * @param failAt     a failure to inject into the KHO notifier, if any
     */
    record RebootMultikernel(long id, boolean badPointer, Optional<RebootFailPoint> failAt,
                             Optional<Expect> expect, Position position) implements Step {

        /** Checks the arguments and the expectation. */
        public RebootMultikernel {
            Ranges.require(id, Ranges.MK_ID_MAX, Ranges.MK_ID_TEXT, "id");
            Objects.requireNonNull(failAt, "failAt");
            checkExpect(Op.REBOOT_MULTIKERNEL, expect, position);
        }

        @Override
        public Op op() {
            return Op.REBOOT_MULTIKERNEL;
        }

        @Override
        public RebootMultikernel withPosition(Position at) {
            return new RebootMultikernel(id, badPointer, failAt, expect, at);
        }

        @Override
        public RebootMultikernel withExpect(Optional<Expect> e) {
            return new RebootMultikernel(id, badPointer, failAt, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.rebootMultikernel(this);
        }
    }

    /** {@code reboot-other}: any later reboot-class call (shows a lock left held). */
    record RebootOther(Optional<Expect> expect, Position position) implements Step {

        /** Checks the expectation. */
        public RebootOther {
            checkExpect(Op.REBOOT_OTHER, expect, position);
        }

        @Override
        public Op op() {
            return Op.REBOOT_OTHER;
        }

        @Override
        public RebootOther withPosition(Position at) {
            return new RebootOther(expect, at);
        }

        @Override
        public RebootOther withExpect(Optional<Expect> e) {
            return new RebootOther(e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.rebootOther(this);
        }
    }

    /**
     * {@code spawned-boot}: the kernel started by the last exec of {@code id} boots and restores its instance.
     *
     * @param id the instance id that was executed
     */
    record SpawnedBoot(long id, Optional<Expect> expect, Position position) implements Step {

        /** Checks the arguments and the expectation. */
        public SpawnedBoot {
            Ranges.require(id, Ranges.MK_ID_MAX, Ranges.MK_ID_TEXT, "id");
            checkExpect(Op.SPAWNED_BOOT, expect, position);
        }

        @Override
        public Op op() {
            return Op.SPAWNED_BOOT;
        }

        @Override
        public SpawnedBoot withPosition(Position at) {
            return new SpawnedBoot(id, expect, at);
        }

        @Override
        public SpawnedBoot withExpect(Optional<Expect> e) {
            return new SpawnedBoot(id, e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.spawnedBoot(this);
        }
    }

    /** {@code host-reuse-freed-pages}: the host allocates and overwrites every page it has freed. */
    record HostReuseFreedPages(Optional<Expect> expect, Position position) implements Step {

        /** Checks the expectation. */
        public HostReuseFreedPages {
            checkExpect(Op.HOST_REUSE_FREED_PAGES, expect, position);
        }

        @Override
        public Op op() {
            return Op.HOST_REUSE_FREED_PAGES;
        }

        @Override
        public HostReuseFreedPages withPosition(Position at) {
            return new HostReuseFreedPages(expect, at);
        }

        @Override
        public HostReuseFreedPages withExpect(Optional<Expect> e) {
            return new HostReuseFreedPages(e, position);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.hostReuseFreedPages(this);
        }
    }

    /** Rejects an expectation part that {@code op} does not allow; a programmer error, as the reader checks first. */
    private static void checkExpect(Op op, Optional<Expect> expect, Position position) {
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(position, "position");
        expect.ifPresent(e -> {
            if (!e.statuses().isEmpty() && !op.allowsStatuses()) {
                throw new IllegalArgumentException("instance statuses are only expected on status, not " + op.word());
            }
            if (e.restored().isPresent() && !op.allowsRestored()) {
                throw new IllegalArgumentException("restored is only expected on spawned-boot, not " + op.word());
            }
            if (e.handoverBytes().isPresent() && !op.allowsHandoverBytes()) {
                throw new IllegalArgumentException(
                        "handover-bytes is only expected on reboot-multikernel, not " + op.word());
            }
        });
    }
}
