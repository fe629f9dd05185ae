/**
 * libfdt 1.6.1, the flattened-device-tree library the kernel calls, re-expressed in Java so that the reference
 * produces and reads the same bytes and return codes.
 *
 * <ul>
 *   <li>{@link mkspec.reference.fdt.Libfdt}: constants, error codes, {@code fdt_strerror}.</li>
 *   <li>{@link mkspec.reference.fdt.FdtSw}: the sequential writer (fdt_sw.c) over a byte array.</li>
 *   <li>{@link mkspec.reference.fdt.FdtView}: the buffer a C caller passes, counting reads past its end.</li>
 *   <li>{@link mkspec.reference.fdt.FdtRo}: read-only access and checks (fdt.c, fdt_ro.c, fdt_check.c).</li>
 *   <li>{@link mkspec.reference.fdt.FdtTree}: the tree as values, a strict parser and a writer.</li>
 *   <li>{@link mkspec.reference.fdt.DtsPrinter}: device-tree source that dtc compiles back to the tree.</li>
 * </ul>
 *
 * <p>Functions named after libfdt's keep its names, parameter order and int conventions; tests compare them
 * with the installed libfdt 1.6.1 (pylibfdt) and dtc 1.6.1.
 */
package mkspec.reference.fdt;
