package mkspec.reference.kernel;

import mkspec.reference.kernel.multikernel.MkInstance;

/**
 * What multikernel_kexec_by_id() asks of the multikernel KHO code (kernel/multikernel/kho.c) at exec: a forward
 * declaration, as a C prototype would be, so that kexec depends on no KHO class and kho.c may use struct kimage.
 */
public interface MultikernelHandover {

    /** mk_kexec_finalize(): writes the handover FDT into the image's handover page; 0 or the error. */
    int mk_kexec_finalize(KImage image, NotifierFault fault);

    /** The CPU was kicked: the kernel started for {@code instance} now runs on {@code cpu}. */
    void started(KImage image, MkInstance instance, int cpu, int finalizeRet);
}
