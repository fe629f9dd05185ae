package mkspec.traces.format;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The step kinds of TRACE-FORMAT v1 (the {@code op:} words), with the argument keys each takes and the
 * expectation parts it may carry beyond {@code result} and {@code violations}.
 *
 * <p>This table is the contract's "Steps" table in code; the reader and the writer both follow it.
 */
public enum Op {

    /** Writing {@code /sys/fs/multikernel/device_tree}. */
    UPLOAD_DEVICE_TREE("upload-device-tree", List.of("instances", "dtb", "write-chunk"), Extra.NONE),
    /** mkdir under {@code instances/}. */
    MKDIR("mkdir", List.of("name"), Extra.NONE),
    /** rmdir of {@code instances/<name>}. */
    RMDIR("rmdir", List.of("name"), Extra.NONE),
    /** Reading every {@code instances/<name>/status}. */
    STATUS("status", List.of(), Extra.STATUSES),
    /** kexec_file_load of a multikernel image. */
    KEXEC_FILE_LOAD("kexec-file-load", List.of("id", "flags", "segments", "fail-at"), Extra.NONE),
    /** A plain kexec_file_load (not multikernel). */
    KEXEC_FILE_LOAD_DEFAULT("kexec-file-load-default", List.of("segments"), Extra.NONE),
    /** kexec_file_load with KEXEC_FILE_UNLOAD. */
    KEXEC_FILE_UNLOAD("kexec-file-unload", List.of("id"), Extra.NONE),
    /** reboot(LINUX_REBOOT_CMD_MULTIKERNEL, {mk_id}): exec. */
    REBOOT_MULTIKERNEL("reboot-multikernel", List.of("id", "bad-pointer", "fail-at"), Extra.HANDOVER_BYTES),
    /** Any later reboot-class call. */
    REBOOT_OTHER("reboot-other", List.of(), Extra.NONE),
    /** The kernel started by the last exec of {@code id} boots. */
    SPAWNED_BOOT("spawned-boot", List.of("id"), Extra.RESTORED),
    /** The host allocates and overwrites every page it has freed. */
    HOST_REUSE_FREED_PAGES("host-reuse-freed-pages", List.of(), Extra.NONE);

    /** The one expectation part, beyond result and violations, that an op may carry. */
    enum Extra { NONE, STATUSES, RESTORED, HANDOVER_BYTES }

    private final String word;
    private final List<String> argumentKeys;
    private final Extra extra;

    Op(String word, List<String> argumentKeys, Extra extra) {
        this.word = word;
        this.argumentKeys = argumentKeys;
        this.extra = extra;
    }

    /** The word used after {@code op:}. */
    public String word() {
        return word;
    }

    /** The keys this op's step may have besides {@code op} and {@code expect}, in the order they are written. */
    public List<String> argumentKeys() {
        return argumentKeys;
    }

    /** Whether an expectation on this op may hold instance statuses (only {@code status}). */
    public boolean allowsStatuses() {
        return extra == Extra.STATUSES;
    }

    /** Whether an expectation on this op may hold {@code restored} (only {@code spawned-boot}). */
    public boolean allowsRestored() {
        return extra == Extra.RESTORED;
    }

    /** Whether an expectation on this op may hold {@code handover-bytes} (only {@code reboot-multikernel}). */
    public boolean allowsHandoverBytes() {
        return extra == Extra.HANDOVER_BYTES;
    }

    /** The op named {@code word}, if any. */
    public static Optional<Op> fromWord(String word) {
        return Arrays.stream(values()).filter(op -> op.word.equals(word)).findFirst();
    }

    /** Every op word, comma-separated, for messages. */
    static String words() {
        return Arrays.stream(values()).map(Op::word).collect(Collectors.joining(", "));
    }
}
