/**
 * The reference of the multikernel/linux tree (v7.0-mk2 era): the kernel/multikernel files at 14213ee5, mem.c at
 * 26ba325b, contig.c at 69a6b797, baseline.c at 16083690, and kexec_file.c with kexec_core.c at 758894fd ("S14 +
 * K75" in the notes), in packages named like the kernel's folders. libfdt ({@code mkspec.reference.fdt}) and genalloc
 * ({@code mkspec.reference.lib}) are the ones RFC v2 uses: the same code.
 *
 * <p>Each defect the model reproduces is an {@link mkspec.reference.mk2.Mk2Erratum}, switched by an
 * {@link mkspec.reference.mk2.Mk2Profile}: {@code mk2} has every defect of the code as read, {@code fixed} none.
 */
package mkspec.reference.mk2;
