/**
 * A generic explicit-state, breadth-first model checker for any finite {@link mkspec.spec.check.TransitionSystem}.
 *
 * <p>It stores 64-bit fingerprints and compact parent links instead of states, keeps full states only for the
 * level being expanded and the next one, and returns the shortest counterexample, rebuilt by re-running the system.
 * Its output is the same on any number of workers.
 */
package mkspec.spec.check;
