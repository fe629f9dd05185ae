package mkspec.reference.kernel.multikernel.kho;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.FdtReadLog;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.MultikernelHandover;
import mkspec.reference.kernel.Notifier;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.multikernel.MkCore;
import mkspec.reference.kernel.multikernel.MkDts;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.MkKernfs;
import mkspec.reference.mm.HostMemory;

/**
 * Kexec HandOver for multikernel, [P16]: on the host, mk_kexec_finalize() in
 * kernel/kexec_handover.c writes the handover FDT and calls the notifier of
 * kernel/multikernel/kho.c that embeds the instance's DTB; in the spawned kernel, add_kho() of
 * arch/x86/kernel/setup.c hands the setup data to mk_kho_populate(), and mk_kho_restore_dtbs()
 * recreates the instance at subsys_initcall time.
 */
public final class MkKho implements MultikernelHandover {
    /** The largest dtb-data the spawned kernel accepts (SZ_1M). */
    static final int SZ_1M = 1 << 20;

    private final MkCore core;
    private final HostMemory host;
    private final Profile profile;
    private final long pageSize;
    private final FdtReadLog reads;
    /** Every kernel multikernel_kexec_by_id() has started, in order. */
    private final List<SpawnedKernel> spawned = new ArrayList<>();

    public MkKho(MkCore core, HostMemory host, Profile profile, long pageSize, FdtReadLog reads) {
        this.core = core;
        this.host = host;
        this.profile = profile;
        this.pageSize = pageSize;
        this.reads = reads;
    }

    public MkKho copy(MkCore coreCopy, HostMemory hostCopy, FdtReadLog readsCopy, Map<MkInstance, MkInstance> structs) {
        MkKho c = new MkKho(coreCopy, hostCopy, profile, pageSize, readsCopy);
        for (SpawnedKernel k : spawned) {
            c.spawned.add(k.copy(k.instance == null ? null : structs.get(k.instance)));
        }
        return c;
    }

    /** The kernels started so far, in order. */
    public List<SpawnedKernel> spawned() {
        return Collections.unmodifiableList(spawned);
    }

    // ---------------------------------------------------------------- host side

    /**
     * mk_kexec_finalize(): writes {@code / { compatible = "multikernel-v1"; <notifiers> }} into the
     * image's handover page. A failing notifier still gets its FDT ended and finished. RFC v2's
     * errors are OR-ed libfdt codes (D11); NOTIFY_STOP from the notifier reads as success (D10).
     */
    @Override
    public int mk_kexec_finalize(KImage target, NotifierFault fault) {
        if (target.mkId() <= 0) {
            return Errno.EINVAL.negative();
        }
        if (target.khoFdt() == 0) {
            return Errno.EINVAL.negative();
        }
        byte[] fdt = new byte[(int) pageSize];
        try {
            int ret = FdtSw.fdt_create(fdt, (int) pageSize);
            ret |= FdtSw.fdt_finish_reservemap(fdt);
            ret |= FdtSw.fdt_begin_node(fdt, "");
            ret |= FdtSw.fdt_property_string(fdt, "compatible", MkKernfs.MK_FDT_COMPATIBLE);
            if (ret != 0) {
                return MkKernfs.libfdtError(ret, profile);
            }
            ret = mk_kexec_call_notifiers(target, fdt, fault);
            if (ret != 0) {
                FdtSw.fdt_end_node(fdt);
                FdtSw.fdt_finish(fdt);
                return ret;
            }
            ret = FdtSw.fdt_end_node(fdt);
            ret |= FdtSw.fdt_finish(fdt);
            if (ret != 0) {
                return MkKernfs.libfdtError(ret, profile);
            }
            // fdt_totalsize(fdt) > PAGE_SIZE cannot happen: fdt_create() bounded the buffer.
            return 0;
        } finally {
            // The page is written in place: whatever state the writer left is what it holds.
            host.write(target.khoFdt(), fdt);
        }
    }

    /** mk_kexec_call_notifiers(): the chain holds one notifier, mk_kexec_notifier(). */
    int mk_kexec_call_notifiers(KImage target, byte[] fdt, NotifierFault fault) {
        int ret = mk_kexec_notifier(target.mkId(), fdt, fault);
        return Notifier.notifier_to_errno(ret);
    }

    /**
     * mk_kexec_notifier(): embeds the target instance's DTB as /multikernel/dtb-data. RFC v2 returns
     * NOTIFY_STOP when the instance or its DTB is missing, which the chain reports as success (D10).
     */
    int mk_kexec_notifier(int mkId, byte[] fdt, NotifierFault fault) {
        MkInstance instance = fault == NotifierFault.LOOKUP ? null : core.mk_instance_find(mkId);
        if (instance == null) {
            return profile.has(Erratum.D10) ? Notifier.NOTIFY_STOP
                : Notifier.notifier_from_errno(Errno.ENOENT.negative());
        }
        byte[] dtb = fault == NotifierFault.NO_DTB ? null : instance.dtbData();
        if (dtb == null || instance.dtbSize() == 0) {
            core.mk_instance_put(instance);
            return profile.has(Erratum.D10) ? Notifier.NOTIFY_STOP
                : Notifier.notifier_from_errno(Errno.ENODATA.negative());
        }
        int ret = FdtSw.fdt_begin_node(fdt, "multikernel");
        ret |= FdtSw.fdt_property(fdt, "dtb-data", dtb, instance.dtbSize());
        ret |= FdtSw.fdt_end_node(fdt);
        core.mk_instance_put(instance);
        if (ret != 0) {
            return Notifier.notifier_from_errno(MkKernfs.libfdtError(ret, profile));
        }
        return Notifier.NOTIFY_OK;
    }

    /**
     * Records a kernel multikernel_kick_ap() started: who it is for and the handover page as
     * finalize left it. Without D14 the host takes a reference on the page for the spawned kernel,
     * so freeing the image later does not free the page.
     */
    @Override
    public void started(KImage image, MkInstance instance, int cpu, int finalizeRet) {
        boolean pin = !profile.has(Erratum.D14) && image.khoFdt() != 0;
        if (pin) {
            host.get_page(image.khoFdt());
        }
        SpawnedKernel.Identity who = new SpawnedKernel.Identity(instance.name(), instance.id(), instance.cpus(),
            instance.poolSize(), instance.memoryRegions());
        byte[] atExec = image.khoFdt() == 0 ? null : host.read(image.khoFdt());
        spawned.add(new SpawnedKernel(image.mkId(), who, cpu, image.khoFdt(), atExec, finalizeRet, pin, instance));
    }

    // ---------------------------------------------------------------- spawned side

    /** The last kernel started for {@code mkId}, or null. */
    public SpawnedKernel lastStarted(int mkId) {
        for (int i = spawned.size() - 1; i >= 0; i--) {
            if (spawned.get(i).mkId == mkId) {
                return spawned.get(i);
            }
        }
        return null;
    }

    /**
     * The spawned kernel boots: setup_arch() finds the SETUP_KEXEC_KHO setup data that setup_kho()
     * wrote at load time, add_kho() sees scratch 0/0 and calls mk_kho_populate(); then the early
     * allocator runs; then multikernel_init() calls mk_kho_init(), which restores the instance.
     */
    public void boot(SpawnedKernel k) {
        k.booted = true;
        if (k.handoverPhys == 0) {
            return; // setup_kho() added no setup data: not a KHO boot
        }
        mk_kho_populate(k, k.handoverPhys, pageSize);
        if (profile.has(Erratum.D14)) {
            // Nothing memblock_reserve()s the page and the spawned kernel was handed the host's e820,
            // so its early allocations may take the page before subsys_initcall reads it. The model
            // resolves this nondeterminism against the kernel, as a checker would explore it.
            host.scribble(k.handoverPhys, HostMemory.SPAWNED_SCRIBBLE);
        }
        if (k.populated) {
            k.restoreRet = mk_kho_restore_dtbs(k);
        }
        k.noteReads();
    }

    /** mk_kho_populate(): checks the header and the root compatible, then sets kho_in.fdt_phys. */
    void mk_kho_populate(SpawnedKernel k, long fdtPhys, long fdtLen) {
        byte[] page = host.read(fdtPhys);
        k.readAtPopulate = page;
        FdtView fdt = new FdtView(page, (int) fdtLen);
        try {
            if (FdtRo.fdt_check_header(fdt) != 0) {
                return; // "disabling multikernel revival"
            }
            if (FdtRo.fdt_node_check_compatible(fdt, 0, MkKernfs.MK_FDT_COMPATIBLE) != 0) {
                return;
            }
            k.populated = true;
        } finally {
            reads.record(fdt, "mk_kho_populate (spawned kernel)");
        }
    }

    /**
     * mk_kho_restore_dtbs(): reads the page again, takes /multikernel/dtb-data, copies it, reads the
     * first instance's name and id with mk_dt_extract_instance_info() (no length checks: D13), parses
     * it and recreates the instance: with D15 by reserving memory from the spawned kernel's own pool
     * (it has none) and without registering it; without D15 by registering it and its CPUs only.
     */
    int mk_kho_restore_dtbs(SpawnedKernel k) {
        byte[] page = host.read(k.handoverPhys);
        k.readAtRestore = page;
        FdtView kho = new FdtView(page, (int) pageSize);
        FdtView dtbView = null;
        try {
            int mk = FdtRo.fdt_subnode_offset(kho, 0, "multikernel");
            if (mk < 0) {
                return 0; // "No multikernel node found in KHO FDT"
            }
            int[] lenp = new int[1];
            long dtbOff = FdtRo.fdt_getprop(kho, mk, "dtb-data", lenp);
            int dtbLen = lenp[0];
            if (dtbOff == FdtRo.NULL || dtbLen <= 0) {
                return 0; // "No dtb-data property found"
            }
            // fdt_check_header(dtb_data) reads the embedded header where it lies in the page.
            byte[] embedded = kho.read(dtbOff, Math.min(dtbLen, (int) pageSize));
            FdtView header = new FdtView(java.util.Arrays.copyOfRange(page, (int) dtbOff, page.length), dtbLen);
            int hret = FdtRo.fdt_check_header(header);
            reads.record(header, "mk_kho_restore_dtbs fdt_check_header(dtb_data)");
            if (hret != 0) {
                return Errno.EINVAL.negative();
            }
            if (dtbLen > SZ_1M) {
                return Errno.EINVAL.negative();
            }
            dtbView = new FdtView(embedded, dtbLen); // kmalloc(dtb_len) + memcpy
            if (!profile.has(Erratum.D13)
                && Integer.toUnsignedLong(FdtRo.fdt_totalsize(dtbView)) > dtbLen) {
                return Errno.EINVAL.negative();
            }
            int[] id = new int[1];
            String[] name = new String[1];
            int ret = mk_dt_extract_instance_info(dtbView, id, name);
            if (ret != 0) {
                return ret;
            }
            MkDts.Config config = new MkDts.Config();
            ret = MkDts.mk_dt_parse(dtbView, dtbLen, config, core.cpus(), pageSize, profile);
            if (ret != 0) {
                return ret;
            }
            if (profile.has(Erratum.D15)) {
                // mk_instance_reserve_resources() in the spawned kernel: its own mkkernel_pool is
                // absent, so any memory-bytes fails with -ENOMEM (state FAILED, struct freed); without
                // memory the kzalloc()ed struct has no cpumask, so the CPUs are dropped. Either way the
                // instance only goes on mk_instance_list: no idr slot, no kernfs directory.
                if (config.memorySize() > 0) {
                    return Errno.ENOMEM.negative();
                }
                k.restored = new SpawnedKernel.Restored(name[0], id[0], new BitSet(), 0, false);
                return 0;
            }
            k.restored = new SpawnedKernel.Restored(name[0], id[0], config.cpus(), config.memorySize(), true);
            return 0;
        } finally {
            reads.record(kho, "mk_kho_restore_dtbs (KHO FDT)");
            if (dtbView != null) {
                reads.record(dtbView, "mk_dt_extract_instance_info (embedded DTB)");
            }
        }
    }

    /**
     * mk_dt_extract_instance_info(): the first child of /instances, its name, and its {@code id}
     * read as four bytes whatever its length (D13). Without D17 the DTB must hold exactly one
     * instance whose id lies in 1..2047.
     */
    int mk_dt_extract_instance_info(FdtView fdt, int[] instanceId, String[] instanceName) {
        int instances = FdtRo.fdt_path_offset(fdt, "/instances");
        if (instances < 0) {
            return Errno.ENOENT.negative();
        }
        int instance = FdtRo.fdt_first_subnode(fdt, instances);
        if (instance < 0) {
            return Errno.ENOENT.negative();
        }
        long nameOff = FdtRo.fdt_get_name(fdt, instance, null);
        if (nameOff == FdtRo.NULL) {
            return Errno.EINVAL.negative();
        }
        int[] len = new int[1];
        long idProp = FdtRo.fdt_getprop(fdt, instance, "id", len);
        if (idProp == FdtRo.NULL) {
            return Errno.ENOENT.negative();
        }
        if (!profile.has(Erratum.D13) && len[0] != 4) {
            return Errno.EINVAL.negative();
        }
        int id = fdt.u32AsC(idProp, len[0]);
        if (!profile.has(Erratum.D17)) {
            if (FdtRo.fdt_next_subnode(fdt, instance) != -Libfdt.FDT_ERR_NOTFOUND) {
                return Errno.EINVAL.negative();
            }
            if (id < 1 || id > MkKernfs.MK_ID_MAX) {
                return Errno.EINVAL.negative();
            }
        }
        instanceId[0] = id;
        instanceName[0] = fdt.cString(nameOff);
        return 0;
    }
}
