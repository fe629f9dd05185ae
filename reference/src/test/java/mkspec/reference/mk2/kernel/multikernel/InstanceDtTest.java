package mkspec.reference.mk2.kernel.multikernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.MkInstance;
import org.junit.jupiter.api.Test;

/**
 * The spawned kernel's restore from a manifest written by hand: what it reads, what it makes of an id that is not
 * four bytes (the notes' N10, which no host writer produces), and the host path for a tree it does not accept.
 */
class InstanceDtTest {
    static final Host PARENT = new Host(Mk2Profile.FIXED, 4096, 6, 0x100, 32);

    /** {@code / { compatible; model = "web"; id = <idBytes>; resources { cpus = /bits/ 64 <2>; }; }}. */
    static byte[] manifest(byte[] idBytes) {
        byte[] fdt = new byte[Manifest.MK_MANIFEST_SIZE];
        int ret = FdtSw.fdt_create(fdt, fdt.length);
        ret |= FdtSw.fdt_finish_reservemap(fdt);
        ret |= FdtSw.fdt_begin_node(fdt, "");
        ret |= FdtSw.fdt_property_string(fdt, "compatible", Dts.MK_FDT_COMPATIBLE);
        ret |= FdtSw.fdt_property_string(fdt, "model", "web");
        ret |= FdtSw.fdt_property(fdt, "id", idBytes, idBytes.length);
        ret |= FdtSw.fdt_begin_node(fdt, "resources");
        ret |= FdtSw.fdt_property_u64(fdt, "cpus", 2);
        ret |= FdtSw.fdt_end_node(fdt);
        ret |= FdtSw.fdt_end_node(fdt);
        ret |= FdtSw.fdt_finish(fdt);
        assertEquals(0, ret);
        return fdt;
    }

    @Test
    void aFourByteIdIsRestoredAsWrittenWithTheNameAndCpus() {
        InstanceDt.Booted b = InstanceDt.boot(PARENT, manifest(new byte[] {0, 0, 0, 7}), 2);
        assertEquals(7, b.restored().id());
        assertEquals("web", b.restored().name());
        assertEquals(List.of(2L), b.restored().cpus());
        MkInstance self = b.kernel().records.get(b.kernel().mkSelf);
        assertEquals(2, self.refcount, "its publication and its instances/web directory");
        assertEquals("host", b.kernel().records.get(b.kernel().idr.get(0)).name);
    }

    @Test
    void aTwoByteIdIsReadFourBytesWideUnchecked() {
        // the property's two bytes and the two bytes of padding after them: 0x00010000, not 1
        InstanceDt.Info[] info = new InstanceDt.Info[1];
        assertEquals(0, InstanceDt.mk_dt_extract_instance_info(FdtView.of(manifest(new byte[] {0, 1})), info));
        assertEquals(0x10000, info[0].id());
    }

    @Test
    void aTreeTheSpawnDoesNotAcceptMakesItAHostWithItsBootCpu() {
        byte[] unfinished = new byte[Manifest.MK_MANIFEST_SIZE];
        FdtSw.fdt_create(unfinished, unfinished.length);
        InstanceDt.Booted b = InstanceDt.boot(PARENT, unfinished, 3);
        assertEquals(0, b.restored().id());
        assertEquals("", b.restored().name());
        assertEquals(List.of(3L), b.restored().cpus());
    }

    @Test
    void aManifestWithoutAModelLeavesMkSelfNull() {
        byte[] fdt = new byte[Manifest.MK_MANIFEST_SIZE];
        int ret = FdtSw.fdt_create(fdt, fdt.length);
        ret |= FdtSw.fdt_finish_reservemap(fdt);
        ret |= FdtSw.fdt_begin_node(fdt, "");
        ret |= FdtSw.fdt_property_string(fdt, "compatible", Dts.MK_FDT_COMPATIBLE);
        ret |= FdtSw.fdt_end_node(fdt);
        ret |= FdtSw.fdt_finish(fdt);
        assertEquals(0, ret);
        InstanceDt.Booted b = InstanceDt.boot(PARENT, fdt, 1);
        assertNull(b.restored());
        assertEquals(0, b.kernel().mkSelf);
    }
}
