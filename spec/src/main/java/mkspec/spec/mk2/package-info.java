/**
 * The specification of the multikernel tree that followed RFC v2 (multikernel/linux, v7.0-mk2 era: the
 * kernel/multikernel files at 14213ee5 and the kexec pair at 758894fd): a write-once baseline grows a runtime pool,
 * instances come and go by device-tree overlay transactions, a load places segments in an instance's own pool, an
 * exec starts the instance with a manifest, and halts bring it back to LOADED.
 *
 * <p>The state is {@link mkspec.spec.mk2.model.Mk2State}, the actions {@link mkspec.spec.mk2.action.Mk2Action}, the
 * properties {@link mkspec.spec.mk2.invariant.Mk2Invariants}. The checker and its generic types
 * ({@code mkspec.spec.check}) and the page and CPU sets ({@code mkspec.spec.model}) are shared with RFC v2.
 */
package mkspec.spec.mk2;
