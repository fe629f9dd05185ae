package mkspec.refinement;

import java.util.Arrays;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.kernel.multikernel.MkKernfs;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;

/**
 * The ghost judgement {@code handover-well-formed} needs, made from what the reference exposes: whether the handover
 * FDT as exec left it is what a spawned kernel needs. The kernel never asks this of itself; the invariant does.
 */
public final class HandoverJudgement {
    private HandoverJudgement() {
    }

    /**
     * Whether the handover page {@code k} was started with is a valid FDT (fdt_check_full) whose root is compatible
     * with "multikernel-v1" and whose {@code /multikernel/dtb-data} is exactly the DTB of the instance it was started
     * for. [P16] mk_kexec_finalize, mk_kexec_notifier.
     */
    public static boolean wellFormed(SpawnedKernel k) {
        return wellFormed(k.handoverAtExecRef(), k.instance() == null ? null : k.instance().dtbData());
    }

    static boolean wellFormed(byte[] page, byte[] dtb) {
        if (page == null || dtb == null) {
            return false;
        }
        FdtView v = FdtView.of(page);
        if (FdtRo.fdt_check_full(v, page.length) != 0
            || FdtRo.fdt_node_check_compatible(v, 0, MkKernfs.MK_FDT_COMPATIBLE) != 0) {
            return false;
        }
        int mk = FdtRo.fdt_subnode_offset(v, 0, "multikernel");
        if (mk < 0) {
            return false;
        }
        int[] len = new int[1];
        long off = FdtRo.fdt_getprop(v, mk, "dtb-data", len);
        return off != FdtRo.NULL && Arrays.equals(v.read(off, len[0]), dtb);
    }
}
