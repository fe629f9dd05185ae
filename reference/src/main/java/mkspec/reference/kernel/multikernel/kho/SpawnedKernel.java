package mkspec.reference.kernel.multikernel.kho;

import java.util.BitSet;
import java.util.List;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.MkKernfs;

/**
 * A kernel that multikernel_kexec_by_id() started on a CPU, and what happened when it booted.
 *
 * <p>The fields the host fixes at exec are final; the boot fills in the rest once. The handover
 * bytes are kept as written at exec and as read at each of the two boot-time reads, which is what
 * the invariants handover-page-alive and restore-faithful compare.
 */
public final class SpawnedKernel {
    /** The instance it was started for, as it was at exec. */
    public record Identity(String name, int id, BitSet cpus, long memoryBytes, List<MkInstance.Region> regions) {
        public Identity {
            cpus = (BitSet) cpus.clone();
            regions = List.copyOf(regions);
        }

        @Override
        public BitSet cpus() {
            return (BitSet) cpus.clone();
        }
    }

    /** What the spawned kernel's mk_kho_restore_dtbs() restored. */
    public record Restored(String name, int id, BitSet cpus, long memoryBytes, boolean visible) {
        public Restored {
            cpus = (BitSet) cpus.clone();
        }

        @Override
        public BitSet cpus() {
            return (BitSet) cpus.clone();
        }
    }

    final int mkId;
    final Identity startedFor;
    final int cpu;
    final long handoverPhys;
    final byte[] handoverAtExec;
    final int finalizeRet;
    /** Whether the host took a reference on the handover page for this kernel (D14 off). */
    final boolean pinned;
    /** The instance struct it was started for (for running-protected). */
    final MkInstance instance;
    final int atExecHash;

    boolean booted;
    boolean populated;
    byte[] readAtPopulate;
    byte[] readAtRestore;
    /** Whether both boot-time reads saw what exec wrote; fixed once the boot is over (see {@link #noteReads}). */
    boolean readsIntact = true;
    Restored restored;
    int restoreRet;

    SpawnedKernel(int mkId, Identity startedFor, int cpu, long handoverPhys, byte[] handoverAtExec,
                  int finalizeRet, boolean pinned, MkInstance instance) {
        this(mkId, startedFor, cpu, handoverPhys, handoverAtExec, finalizeRet, pinned, instance,
            java.util.Arrays.hashCode(handoverAtExec));
    }

    private SpawnedKernel(int mkId, Identity startedFor, int cpu, long handoverPhys, byte[] handoverAtExec,
                          int finalizeRet, boolean pinned, MkInstance instance, int atExecHash) {
        this.mkId = mkId;
        this.startedFor = startedFor;
        this.cpu = cpu;
        this.handoverPhys = handoverPhys;
        this.handoverAtExec = handoverAtExec;
        this.finalizeRet = finalizeRet;
        this.pinned = pinned;
        this.instance = instance;
        this.atExecHash = atExecHash;
    }

    SpawnedKernel copy(MkInstance instanceCopy) {
        SpawnedKernel c = new SpawnedKernel(mkId, startedFor, cpu, handoverPhys, handoverAtExec, finalizeRet,
            pinned, instanceCopy, atExecHash);
        c.booted = booted;
        c.populated = populated;
        c.readAtPopulate = readAtPopulate;
        c.readAtRestore = readAtRestore;
        c.readsIntact = readsIntact;
        c.restored = restored;
        c.restoreRet = restoreRet;
        return c;
    }

    /** The handover bytes at exec, not copied: callers must not write them. */
    public byte[] handoverAtExecRef() {
        return handoverAtExec;
    }

    /** fdt_totalsize of the handover page at exec (the header field, whatever the magic). */
    public long handoverTotalsize() {
        if (handoverAtExec == null) {
            return 0;
        }
        return Integer.toUnsignedLong(mkspec.reference.fdt.FdtRo.fdt_totalsize(mkspec.reference.fdt.FdtView.of(handoverAtExec)));
    }

    /** The hash of {@link #handoverAtExec()}. */
    public int handoverAtExecHash() {
        return atExecHash;
    }

    /** Whether both boot-time reads (those that happened) saw what exec wrote. */
    public boolean readsIntact() {
        return readsIntact;
    }

    /**
     * Compares the boot-time reads with what exec wrote, once, when the boot is over: nothing
     * changes them afterwards, and every fingerprint of the machine asks.
     */
    void noteReads() {
        readsIntact = same(readAtPopulate) && same(readAtRestore);
    }

    private boolean same(byte[] read) {
        return read == null || java.util.Arrays.equals(read, handoverAtExec);
    }

    public int mkId() {
        return mkId;
    }

    public Identity startedFor() {
        return startedFor;
    }

    public int cpu() {
        return cpu;
    }

    /** The handover page's physical address (0 when the image had none). */
    public long handoverPhys() {
        return handoverPhys;
    }

    /** The handover page as mk_kexec_finalize() left it at exec (a copy). */
    public byte[] handoverAtExec() {
        return handoverAtExec == null ? null : handoverAtExec.clone();
    }

    /** What mk_kexec_finalize() returned at exec (0 or a negative errno or OR-ed libfdt code). */
    public int finalizeRet() {
        return finalizeRet;
    }

    public boolean pinned() {
        return pinned;
    }

    public MkInstance instance() {
        return instance;
    }

    public boolean booted() {
        return booted;
    }

    /** Whether mk_kho_populate() accepted the handover FDT (kho_in.fdt_phys was set). */
    public boolean populated() {
        return populated;
    }

    public byte[] readAtRestore() {
        return readAtRestore == null ? null : readAtRestore.clone();
    }

    /** The restored instance, or null for none. */
    public Restored restored() {
        return restored;
    }

    public int restoreRet() {
        return restoreRet;
    }
}
