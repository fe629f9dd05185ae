package mkspec.spec.action;

import java.util.List;
import mkspec.spec.model.Errno;

/**
 * The steps a user (or a spawned kernel's boot) takes, one record per op of TRACE-FORMAT.md, named
 * by the op, so a counterexample step and a trace step are the same word.
 */
public sealed interface Action {

    /** The TRACE-FORMAT op this action is. */
    String op();

    /** {@code c}'s case for this action. */
    <R> R accept(Cases<R> c);

    /**
     * One case per kind of action, so that a handler is exhaustive by construction: a new action does not compile
     * until every handler says what it does.
     */
    interface Cases<R> {
        R uploadDeviceTree(UploadDeviceTree a);

        R mkdir(Mkdir a);

        R rmdir(Rmdir a);

        R status(Status a);

        R kexecFileLoad(KexecFileLoad a);

        R kexecFileLoadDefault(KexecFileLoadDefault a);

        R kexecFileUnload(KexecFileUnload a);

        R rebootMultikernel(RebootMultikernel a);

        R rebootOther(RebootOther a);

        R spawnedBoot(SpawnedBoot a);

        R hostReuseFreedPages(HostReuseFreedPages a);
    }

    /**
     * Writing a multikernel device tree to /sys/fs/multikernel/device_tree: one view per write()
     * call, in order (usually one; several when user space writes in chunks).
     */
    record UploadDeviceTree(List<DeviceTree> writes) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.uploadDeviceTree(this);
        }

        public UploadDeviceTree {
            writes = List.copyOf(writes);
            if (writes.isEmpty()) {
                throw new IllegalArgumentException("an upload makes at least one write() call");
            }
        }

        /** An upload in one write() call. */
        public static UploadDeviceTree of(DeviceTree tree) {
            return new UploadDeviceTree(List.of(tree));
        }

        public String op() {
            return "upload-device-tree";
        }
    }

    /** mkdir instances/{@code name}. */
    record Mkdir(String name) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.mkdir(this);
        }

        public String op() {
            return "mkdir";
        }
    }

    /** rmdir instances/{@code name}. */
    record Rmdir(String name) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.rmdir(this);
        }

        public String op() {
            return "rmdir";
        }
    }

    /** Reading every instances/<name>/status: changes nothing. */
    record Status() implements Action {
        public <R> R accept(Cases<R> c) {
            return c.status(this);
        }

        public String op() {
            return "status";
        }
    }

    /** kexec_file_load() with {@code flags} and the image's buffers. */
    record KexecFileLoad(long flags, List<SegmentReq> segments, FailAt failAt) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.kexecFileLoad(this);
        }

        public KexecFileLoad {
            segments = List.copyOf(segments);
        }

        public String op() {
            return "kexec-file-load";
        }
    }

    /** A plain kexec_file_load() (flags 0). */
    record KexecFileLoadDefault(List<SegmentReq> segments) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.kexecFileLoadDefault(this);
        }

        public KexecFileLoadDefault {
            segments = List.copyOf(segments);
        }

        public String op() {
            return "kexec-file-load-default";
        }
    }

    /** kexec_file_load() with KEXEC_FILE_UNLOAD in {@code flags}. */
    record KexecFileUnload(long flags) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.kexecFileUnload(this);
        }

        public String op() {
            return "kexec-file-unload";
        }
    }

    /** reboot(LINUX_REBOOT_CMD_MULTIKERNEL, &{mk_id}), possibly with an unreadable argument. */
    record RebootMultikernel(int mkId, boolean badPointer, NotifierFault fault) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.rebootMultikernel(this);
        }

        public String op() {
            return "reboot-multikernel";
        }
    }

    /** Any other reboot-class call. */
    record RebootOther() implements Action {
        public <R> R accept(Cases<R> c) {
            return c.rebootOther(this);
        }

        public String op() {
            return "reboot-other";
        }
    }

    /** The kernel the last exec of {@code mkId} started boots. */
    record SpawnedBoot(int mkId) implements Action {
        public <R> R accept(Cases<R> c) {
            return c.spawnedBoot(this);
        }

        public String op() {
            return "spawned-boot";
        }
    }

    /** The host allocates, overwrites and frees every page it has freed. */
    record HostReuseFreedPages() implements Action {
        public <R> R accept(Cases<R> c) {
            return c.hostReuseFreedPages(this);
        }

        public String op() {
            return "host-reuse-freed-pages";
        }
    }

    /** Where an injected load failure strikes (TRACE-FORMAT {@code fail-at}). */
    enum FailAt {
        NONE, FDT_PAGE, PREPARE_SEGMENTS, CONTROL_PAGES, POST_LOAD
    }

    /** A failure injected into the handover notifier at exec (mkspec extension). */
    enum NotifierFault {
        NONE, LOOKUP, NO_DTB
    }

    /**
     * One buffer of an image, in bytes: {@code size}, alignment (0: a page), and the window
     * {@code [min, max]} it must lie in.
     */
    record SegmentReq(long size, long align, long min, long max) {
        public static SegmentReq ofSize(long size) {
            return new SegmentReq(size, 0, 0, Long.MAX_VALUE);
        }
    }

    /**
     * What one write() call of {@code device_tree} hands the kernel, in the specification's words: a blob the header
     * checks refuse, the leading part of a tree (a write shorter than the tree), or a whole tree's /instances nodes.
     */
    sealed interface DeviceTree {
        /** {@code c}'s case for this write. */
        <R> R accept(Cases<R> c);

        /** One case per kind of write, so that a handler is exhaustive by construction. */
        interface Cases<R> {
            R unreadable(Unreadable u);

            R prefix(Prefix p);

            R nodes(Nodes n);
        }
    }

    /** Why the header checks refuse a write. */
    enum Unreadability {
        /** more than the kernfs atomic write size (-E2BIG) */
        TOO_LONG,
        /** not a flattened device tree libfdt accepts (-EINVAL) */
        NOT_A_TREE,
        /** a tree without an /instances node (-EINVAL) */
        NO_INSTANCES
    }

    /** A write the header checks refuse, whatever the state. */
    record Unreadable(Unreadability why) implements DeviceTree {
        public <R> R accept(Cases<R> c) {
            return c.unreadable(this);
        }
    }

    /** The first {@code count} bytes of {@code tree} in one write(), fewer than the tree's totalsize (-EINVAL). */
    record Prefix(Nodes tree, long count) implements DeviceTree {
        public <R> R accept(Cases<R> c) {
            return c.prefix(this);
        }
    }

    /** A whole tree: the nodes under /instances, in order. */
    record Nodes(List<Node> nodes) implements DeviceTree {
        public Nodes {
            nodes = List.copyOf(nodes);
        }

        public <R> R accept(Cases<R> c) {
            return c.nodes(this);
        }
    }

    /**
     * The per-instance DTB mk_extract_instance_dtb_from_node() [P08] rebuilds from a node in one page: built, with its
     * totalsize; too large for the page; or refused by libfdt on one of the node's properties.
     */
    sealed interface PerInstanceDtb {
    }

    record Built(long bytes) implements PerInstanceDtb {
    }

    record Overflows() implements PerInstanceDtb {
    }

    record Refused() implements PerInstanceDtb {
    }

    /**
     * One /instances node.
     *
     * @param name its name ({@code null} when libfdt cannot read one)
     * @param idLen the length of its {@code id} property, -1 when absent
     * @param id the {@code id} value when {@code idLen == 4}
     * @param dtb the per-instance DTB rebuilt from it
     * @param hasResources it has a {@code resources} subnode
     * @param memLen the length of {@code resources/memory-bytes}, -1 when absent
     * @param memValue its value when {@code memLen == 4}
     * @param cpusLen the length of {@code resources/cpus}, -1 when absent
     * @param cpus its cells, when {@code cpusLen} is a multiple of 4
     */
    record Node(String name, int idLen, long id, PerInstanceDtb dtb, boolean hasResources, int memLen, long memValue,
                int cpusLen, List<Long> cpus) {
        public Node {
            cpus = List.copyOf(cpus);
        }
    }
}
