package mkspec.reference.mk2.include;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.MkPool;
import mkspec.reference.mk2.include.OverlayTx;
import mkspec.reference.mk2.include.Spawn;
import mkspec.reference.mk2.mm.PageAlloc;

/**
 * The host kernel's memory as the mk2 paths see it: the globals of kernel/multikernel ({@code mk_pool},
 * {@code mk_instance_list} and {@code mk_instance_idr}, the overlay tx list and counter), of kexec
 * ({@code kexec_image_list}, {@code kexec_crash_image}), and the page allocator. Kernel objects are kept by serial so
 * that a copy of the host has the same shape: a pointer is a serial, a freed object is one no table holds.
 */
public final class Host {
    public final Mk2Profile profile;
    public final long pageSize;
    public final int pageShift;
    public final int nrCpus;
    public final PageAlloc pages;
    /** CPUs the host kernel runs on (online); logical and physical ids are the same in the model. */
    public final BitSet online;
    /** mk_pool, null until a baseline. */
    public MkPool pool;
    /** Every instance record not yet released, by serial. */
    public final Map<Integer, MkInstance> records;
    /** mk_instance_list, in order. */
    public final List<Integer> instanceList;
    /** mk_instance_idr: id to serial. */
    public final TreeMap<Integer, Integer> idr;
    /** Every kimage not yet freed, by serial. */
    public final Map<Integer, KImage> images;
    /** kexec_image_list, in order. */
    public final List<Integer> imageList;
    /** kexec_crash_image: a serial, 0 for none. */
    public int crashImage;
    /**
     * __kexec_lock ([XC] kexec_trylock/kexec_unlock): held by a kexec call between its trylock and its unlock; only
     * a call stopped between sections ({@link mkspec.reference.mk2.kernel.Mk2UserCall}) leaves it held.
     */
    public boolean kexecLock;
    /** The overlay tx list, in order. */
    public final List<OverlayTx> txs;
    /** mk_overlay_next_id (ATOMIC_INIT(1)). */
    public int overlayNextId = 1;
    /** The spawned kernels that run: hardware truth, which arch code reads (mk_arch_confirm_parked). */
    public final List<Spawn> running;
    /** The MK_SYS_HALTED ids mk_system_msg_handler queued for mk_halted_work_fn, oldest first. */
    public final List<Integer> pendingHalted;
    /**
     * mk_self, the record of this kernel: 0 on the host, whose own record the model leaves out; in a spawned kernel
     * the record [ID14] mk_instance_restore_from_manifest made, which may since have been freed.
     */
    public int mkSelf;
    public int nextRecordSerial = 1;
    public int nextImageSerial = 1;

    public Host(Mk2Profile profile, long pageSize, int nrCpus, long ramFirstPfn, int ramPages) {
        this.profile = profile;
        this.pageSize = pageSize;
        this.pageShift = Long.numberOfTrailingZeros(pageSize);
        this.nrCpus = nrCpus;
        this.pages = new PageAlloc(ramFirstPfn, ramPages);
        this.online = new BitSet();
        this.online.set(0, nrCpus);
        this.records = new LinkedHashMap<>();
        this.instanceList = new ArrayList<>();
        this.idr = new TreeMap<>();
        this.images = new LinkedHashMap<>();
        this.imageList = new ArrayList<>();
        this.txs = new ArrayList<>();
        this.running = new ArrayList<>();
        this.pendingHalted = new ArrayList<>();
    }

    private Host(Host o) {
        this.profile = o.profile;
        this.pageSize = o.pageSize;
        this.pageShift = o.pageShift;
        this.nrCpus = o.nrCpus;
        this.pages = o.pages.copy();
        this.online = (BitSet) o.online.clone();
        this.pool = o.pool == null ? null : o.pool.copy();
        this.records = new LinkedHashMap<>();
        o.records.forEach((k, v) -> records.put(k, v.copy()));
        this.instanceList = new ArrayList<>(o.instanceList);
        this.idr = new TreeMap<>(o.idr);
        this.images = new LinkedHashMap<>();
        o.images.forEach((k, v) -> images.put(k, v.copy()));
        this.imageList = new ArrayList<>(o.imageList);
        this.crashImage = o.crashImage;
        this.kexecLock = o.kexecLock;
        this.txs = new ArrayList<>(o.txs.size());
        for (OverlayTx t : o.txs) {
            txs.add(t.copy());
        }
        this.running = new ArrayList<>(o.running.size());
        for (Spawn s : o.running) {
            running.add(s.copy());
        }
        this.mkSelf = o.mkSelf;
        this.pendingHalted = new ArrayList<>(o.pendingHalted);
        this.overlayNextId = o.overlayNextId;
        this.nextRecordSerial = o.nextRecordSerial;
        this.nextImageSerial = o.nextImageSerial;
    }

    public Host copy() {
        return new Host(this);
    }

    public boolean has(Mk2Erratum e) {
        return profile.has(e);
    }

    /** The record a pointer names; a pointer to a released record is a use after free. */
    public MkInstance record(int serial, String site) {
        MkInstance i = records.get(serial);
        if (i == null) {
            throw new mkspec.reference.KernelBug(site + " use after free",
                "instance record #" + serial + " was already released");
        }
        return i;
    }

    /** The image a pointer names; a pointer to a freed image is a use after free. */
    public KImage image(int serial, String site) {
        KImage i = images.get(serial);
        if (i == null) {
            throw new mkspec.reference.KernelBug(site + " use after free", "kimage #" + serial + " was already freed");
        }
        return i;
    }
}
