package mkspec.reference.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.SegmentRequest;
import mkspec.reference.kernel.multikernel.MkInstance;

/**
 * Machines, device trees and small helpers shared by the reference's behaviour tests: every test
 * drives a {@link Machine} through its public steps and reads its state back.
 */
public final class TestMachines {
    public static final long PAGE = 4096;
    public static final long K = 1024;
    public static final long M = 1024 * 1024;
    /** Where every test machine's multikernel pool starts: 1 GiB. */
    public static final long POOL_AT = 0x4000_0000L;
    /** The memory of web (and db) in the shared fixtures: 16 pages. */
    public static final long WEB_BYTES = 16 * PAGE;

    private TestMachines() {
    }

    /** The two profiles every step is checked in. */
    public static Stream<Profile> profiles() {
        return Stream.of(Profile.rfcV2(), Profile.fixed());
    }

    /** A machine with 4 KiB pages, 8 CPUs and a pool of {@code poolPages} pages at 1 GiB. */
    public static Machine small(Profile p, long poolPages) {
        return new Machine(MachineConfig.of(PAGE, 8, poolPages * PAGE, POOL_AT), p);
    }

    /** A machine with 4 KiB pages, 8 CPUs and a 64-page pool at 1 GiB. */
    public static Machine small(Profile p) {
        return small(p, 64);
    }

    /** TRACE-FORMAT.md's default machine: a 64 MiB pool at 1 GiB, 8 CPUs. */
    public static Machine realistic(Profile p) {
        return new Machine(MachineConfig.defaults(), p);
    }

    /** web (id 1, CPU 1) owns the first 16 pages of a 64-page pool. */
    public static Machine withWeb(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES)));
        return m;
    }

    /** web (id 1, CPU 1) and db (id 2, CPU 2), 16 pages each. */
    public static Machine webAndDb(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES), inst("db", 2, List.of(2L), WEB_BYTES)));
        return m;
    }

    /**
     * web with a 3700-byte extra property, loaded with one page: its DTB (3956 bytes) fits a page,
     * the handover FDT embedding it does not.
     */
    public static Machine loadedNearlyAPageDtb(Profile p) {
        Machine m = small(p);
        byte[] blob = treeOf(instanceNode("web", List.of(cells("id", 1), new FdtTree.Property("pad", new byte[3700])),
            cells("cpus", 1), cells("memory-bytes", WEB_BYTES)));
        assertEquals(StepResult.OK, m.uploadDeviceTree(blob, 0));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        return m;
    }

    // ------------------------------------------------------------ instances and trees

    public static InstanceConfig inst(String name, long id, List<Long> cpus, long memoryBytes) {
        return InstanceConfig.of(name, id, cpus, memoryBytes);
    }

    public static InstanceConfig withoutId(String name, List<Long> cpus, long memoryBytes) {
        return new InstanceConfig(Optional.of(name), OptionalLong.empty(), Optional.of(cpus), OptionalLong.of(memoryBytes));
    }

    public static InstanceConfig withoutMemory(String name, long id, List<Long> cpus) {
        return new InstanceConfig(Optional.of(name), OptionalLong.of(id), Optional.of(cpus), OptionalLong.empty());
    }

    public static InstanceConfig withoutCpus(String name, long id, long memoryBytes) {
        return new InstanceConfig(Optional.of(name), OptionalLong.of(id), Optional.empty(), OptionalLong.of(memoryBytes));
    }

    /** 64 nodes of one page each, without CPUs: a valid tree of 4763 bytes, more than a page. */
    public static byte[] treeOverAPage() {
        List<InstanceConfig> many = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            many.add(withoutCpus(String.format("instance-%02d", i), i + 1, PAGE));
        }
        return DeviceTrees.multikernelDtb(many);
    }

    public static byte[] dtb(InstanceConfig... instances) {
        return DeviceTrees.multikernelDtb(List.of(instances));
    }

    /** Uploads a tree of {@code instances} in one write() call. */
    public static StepResult upload(Machine m, InstanceConfig... instances) {
        return m.uploadDeviceTree(dtb(instances), 0);
    }

    /** {@code / { compatible = "multikernel-v1"; instances { <nodes> }; }} as a blob. */
    public static byte[] treeOf(FdtTree.Node... instanceNodes) {
        return new FdtTree(List.of(), root(new FdtTree.Node("instances", List.of(), List.of(instanceNodes)))).toBlob();
    }

    /** A root node compatible with multikernel-v1 holding {@code children}. */
    public static FdtTree.Node root(FdtTree.Node... children) {
        return new FdtTree.Node("", List.of(string("compatible", "multikernel-v1")), List.of(children));
    }

    /** An instance node {@code name { <props>; resources { <resources> }; }}. */
    public static FdtTree.Node instanceNode(String name, List<FdtTree.Property> props, FdtTree.Property... resources) {
        return new FdtTree.Node(name, props, List.of(new FdtTree.Node("resources", List.of(resources), List.of())));
    }

    public static FdtTree.Property cells(String name, long... values) {
        byte[] b = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            b[4 * i] = (byte) (values[i] >>> 24);
            b[4 * i + 1] = (byte) (values[i] >>> 16);
            b[4 * i + 2] = (byte) (values[i] >>> 8);
            b[4 * i + 3] = (byte) values[i];
        }
        return new FdtTree.Property(name, b);
    }

    public static FdtTree.Property raw(String name, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new FdtTree.Property(name, b);
    }

    public static FdtTree.Property string(String name, String value) {
        return new FdtTree.Property(name, (value + "\0").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A handover FDT as mk_kexec_finalize writes it, embedding {@code dtbData} as /multikernel/dtb-data. */
    public static byte[] handoverWith(byte[] dtbData) {
        FdtTree.Node mk = new FdtTree.Node("multikernel", List.of(new FdtTree.Property("dtb-data", dtbData)), List.of());
        return new FdtTree(List.of(), root(mk)).toBlob();
    }

    // ------------------------------------------------------------ kexec and reboot

    public static List<SegmentRequest> sizes(long... bytes) {
        List<SegmentRequest> out = new ArrayList<>();
        for (long b : bytes) {
            out.add(SegmentRequest.ofSize(b));
        }
        return out;
    }

    /** kexec_file_load(KEXEC_MULTIKERNEL | KEXEC_MK_ID(id)) of segments of these sizes. */
    public static StepResult load(Machine m, long id, long... segmentSizes) {
        return m.kexecFileLoad(Machine.multikernelFlags(id), sizes(segmentSizes), FailPoint.NONE);
    }

    public static StepResult loadFailingAt(Machine m, long id, FailPoint at, long... segmentSizes) {
        return m.kexecFileLoad(Machine.multikernelFlags(id), sizes(segmentSizes), at);
    }

    /** reboot(LINUX_REBOOT_CMD_MULTIKERNEL, &{id}) with a good pointer. */
    public static StepResult exec(Machine m, int id) {
        return m.rebootMultikernel(id, false, NotifierFault.NONE);
    }

    // ------------------------------------------------------------ observation

    public static StepResult err(Errno e) {
        return new StepResult.Err(e);
    }

    /** The kimage instance {@code name} holds (null for none). */
    public static KImage imageOf(Machine m, String name) {
        return (KImage) instance(m, name).kimage();
    }

    /** The registered instance named {@code name}. */
    public static MkInstance instance(Machine m, String name) {
        for (MkInstance i : m.core().instances()) {
            if (name.equals(i.name())) {
                return i;
            }
        }
        return fail("no instance named " + name + " among " + m.status().keySet());
    }

    /** Free bytes of the global multikernel pool. */
    public static long globalAvail(Machine m) {
        return m.pool().genPool().gen_pool_avail();
    }

    /** The bytes of {@code /multikernel/dtb-data} in a handover page, or null when there are none to read. */
    public static byte[] dtbData(byte[] page) {
        if (page == null) {
            return null;
        }
        FdtView v = FdtView.of(page);
        int mk = FdtRo.fdt_subnode_offset(v, 0, "multikernel");
        int[] len = new int[1];
        long off = mk < 0 ? FdtRo.NULL : FdtRo.fdt_getprop(v, mk, "dtb-data", len);
        return off == FdtRo.NULL ? null : v.read(off, len[0]);
    }
}
