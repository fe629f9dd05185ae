package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import mkspec.reference.BranchingMachine;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.refinement.mk2.Mk2Calls;
import mkspec.refinement.mk2.Mk2ReferenceSystem;
import mkspec.refinement.mk2.Mk2ThreadedSystem;
import mkspec.spec.Bounds;
import mkspec.spec.check.Step;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.mk2.Mk2Bounds;
import org.junit.jupiter.api.Test;

/**
 * An expansion that runs a state's calls on one scratch machine until a call changes it gives, for every action, the
 * step a fresh copy of the state's machine gives: the same result, the same successor fingerprint and the same
 * abstract successor. Checked from every state of a breadth-first search (the first {@value #STATES} of it), with
 * every erratum on (crashes, leaks, half-done calls) and with none, for both kernels, with one thread and with two.
 */
class ScratchExpansionTest {
    static final int STATES = 2_500;

    /**
     * One call run the way the checker ran every call before expansions: on a fresh copy of the state's machine, the
     * state itself when the copy's fingerprint stayed the state's.
     */
    interface Fresh<S, C> {
        Step<S, StepResult> step(S state, C command);
    }

    @Test
    void rfcV2ScratchStepsAreTheStepsOfAFreshCopyWithEveryErratumAndWithNone() {
        for (Profile p : List.of(Profile.rfcV2(), Profile.fixed())) {
            ReferenceSystem sys = new ReferenceSystem(Bounds.defaults(), p, false);
            int compared = compare(sys, ReferenceSystem.RefState::fingerprint, ReferenceSystem.RefState::abs,
                (s, c) -> fresh(s, s.machine(), s.fingerprint(), c, ReferenceCalls::run, ReferenceSystem.RefState::of));
            assertTrue(compared > 100_000, p + ": only " + compared + " steps compared");
        }
    }

    @Test
    void threadedScratchStepsAreTheStepsOfAFreshCopyWithEveryErratumAndWithNone() {
        for (Profile p : List.of(Profile.rfcV2(), Profile.fixed())) {
            ThreadedSystem sys = new ThreadedSystem(Bounds.defaults().with("threads", "2"), p, p.errata().isEmpty(), null, false);
            // A fresh expansion per move copies the state's machine for that move alone: the step as it was before.
            int compared = compare(sys, ThreadedSystem.TState::fingerprint, ThreadedSystem.TState::abs,
                (s, c) -> sys.expand(s).step(c));
            assertTrue(compared > 40_000, p + ": only " + compared + " steps compared");
        }
    }

    @Test
    void mk2ScratchStepsAreTheStepsOfAFreshCopyWithEveryErratumAndWithNone() {
        for (Mk2Profile p : List.of(Mk2Profile.MK2, Mk2Profile.FIXED)) {
            Mk2ReferenceSystem sys = new Mk2ReferenceSystem(Mk2Bounds.defaults(), p, null, false);
            int compared = compare(sys, Mk2ReferenceSystem.RefState::fingerprint, Mk2ReferenceSystem.RefState::abs,
                (s, c) -> fresh(s, s.machine(), s.fingerprint(), c, Mk2Calls::run, Mk2ReferenceSystem.RefState::of));
            assertTrue(compared > 40_000, p.name() + ": only " + compared + " steps compared");
        }
    }

    @Test
    void mk2ThreadedScratchStepsAreTheStepsOfAFreshCopyWithEveryErratumAndWithNone() {
        for (Mk2Profile p : List.of(Mk2Profile.MK2, Mk2Profile.FIXED)) {
            Mk2ThreadedSystem sys = new Mk2ThreadedSystem(Mk2Bounds.defaults().with(List.<String[]>of(
                new String[] {"threads", "2"})), p, null, p.errata().isEmpty());
            // A fresh expansion per move copies the state's machine for that move alone: the step as it was before.
            int compared = compare(sys, Mk2ThreadedSystem.TState::fingerprint, Mk2ThreadedSystem.TState::abs,
                (s, c) -> sys.expand(s).step(c));
            assertTrue(compared > 40_000, p.name() + ": only " + compared + " steps compared");
        }
    }

    private static <M extends BranchingMachine<M>, S, C> Step<S, StepResult> fresh(
        S s, M machine, long fingerprint, C command, java.util.function.BiFunction<M, C, StepResult> run,
        Function<M, S> state) {
        M m = machine.copy();
        StepResult r = run.apply(m, command);
        return new Step<>(m.fingerprint() == fingerprint ? s : state.apply(m), r);
    }

    private static <S, C> int compare(TransitionSystem<S, C, StepResult> sys, java.util.function.ToLongFunction<S> fp,
                                      Function<S, Object> abs, Fresh<S, C> fresh) {
        Set<Long> seen = new HashSet<>();
        ArrayDeque<S> queue = new ArrayDeque<>(sys.initialStates());
        queue.forEach(s -> seen.add(fp.applyAsLong(s)));
        int expanded = 0;
        int compared = 0;
        while (!queue.isEmpty() && expanded < STATES) {
            S s = queue.poll();
            expanded++;
            if (!sys.withinBounds(s)) {
                continue;
            }
            TransitionSystem.Expansion<S, C, StepResult> expansion = sys.expand(s);
            for (C c : sys.actions()) {
                List<Step<S, StepResult>> scratch = expansion.steps(c);
                Step<S, StepResult> want = fresh.step(s, c);
                if (want == null) {
                    assertEquals(List.of(), scratch, "a move not enabled");
                    continue;
                }
                assertEquals(1, scratch.size());
                Step<S, StepResult> got = scratch.get(0);
                String where = "from state " + expanded + " by " + sys.label(c);
                assertEquals(want.result(), got.result(), where);
                assertEquals(fp.applyAsLong(want.successor()), fp.applyAsLong(got.successor()), where);
                assertEquals(abs.apply(want.successor()), abs.apply(got.successor()), where);
                compared++;
                if (seen.add(fp.applyAsLong(got.successor()))) {
                    queue.add(got.successor());
                }
            }
        }
        return compared;
    }
}
