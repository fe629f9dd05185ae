package mkspec.refinement;

import java.util.List;
import java.util.function.BiFunction;
import mkspec.reference.BranchingMachine;
import mkspec.reference.machine.StepResult;
import mkspec.spec.check.Step;
import mkspec.spec.check.TransitionSystem;

/**
 * One reference state's expansion, every call run on a scratch copy of the state's machine, so that a refused call
 * costs no copy ({@link ScratchCopy}).
 *
 * <p>The first call runs on a copy. A call that leaves the copy's fingerprint the state's own is a self-loop: the
 * copy behaves as the state's machine does from then on (that is what the fingerprint promises), so the next call
 * runs on it too, unless the call added to a ghost the fingerprint leaves out ({@link BranchingMachine#ghostHash}),
 * which would leak into the descriptions of later successors: that copy is dropped. A call that changes the fingerprint hands the copy to its successor, and the next call runs on a
 * fresh copy. Most calls from a state are refused (a load on an instance that does not exist, an rmdir while it is
 * loaded), so a state costs about one copy per successor that differs from it, not one per action.
 *
 * @param <S> the system's state
 * @param <C> the system's command
 * @param <M> the machine inside a state
 */
public final class ScratchExpansion<S, C, M extends BranchingMachine<M>>
    implements TransitionSystem.Expansion<S, C, StepResult> {
    /** How a machine a call changed becomes the system's state. */
    @FunctionalInterface
    public interface Successor<S, M> {
        S of(M machine, long fingerprint);
    }

    private final S state;
    private final long fingerprint;
    private final BiFunction<M, C, StepResult> run;
    private final Successor<S, M> successor;
    private final ScratchCopy<M> scratch;

    /**
     * The expansion of {@code state}, whose machine is {@code machine} with {@code fingerprint}; {@code run} runs a
     * command on a machine, {@code successor} makes a changed machine a state.
     */
    public ScratchExpansion(S state, M machine, long fingerprint, BiFunction<M, C, StepResult> run,
                            Successor<S, M> successor) {
        this.state = state;
        this.fingerprint = fingerprint;
        this.run = run;
        this.successor = successor;
        this.scratch = new ScratchCopy<>(machine);
    }

    @Override
    public List<Step<S, StepResult>> steps(C command) {
        return List.of(step(command));
    }

    /** The one step {@code command} takes: what the system's {@code next} gives, up to which copy it ran on. */
    public Step<S, StepResult> step(C command) {
        M m = scratch.take();
        StepResult r = run.apply(m, command);
        long fp = m.fingerprint();
        if (fp == fingerprint) {
            scratch.giveBack(m);
            return new Step<>(state, r);
        }
        return new Step<>(successor.of(m, fp), r);
    }
}
