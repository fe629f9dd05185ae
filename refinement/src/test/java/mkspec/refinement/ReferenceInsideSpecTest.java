package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToLongFunction;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.check.Step;
import mkspec.spec.check.TransitionSystem;
import org.junit.jupiter.api.Test;

/**
 * The fixed reference's abstract states lie inside the spec's: every state the reference reaches at the defaults,
 * seen through the abstraction, is one the spec's exploration reaches too. (Refinement, checked on every step, says
 * each reference step is allowed; this says the spec's choice of representatives loses none of them.)
 */
class ReferenceInsideSpecTest {

    /** Every reachable state's key, breadth first. */
    private static <S, A, R> Set<Long> reachable(TransitionSystem<S, A, R> system, ToLongFunction<S> key) {
        Set<Long> seen = new HashSet<>();
        Set<Long> keys = new HashSet<>();
        ArrayDeque<S> queue = new ArrayDeque<>();
        for (S s : system.initialStates()) {
            if (seen.add(system.fingerprint(s))) {
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            S s = queue.poll();
            keys.add(key.applyAsLong(s));
            for (A a : system.actions()) {
                for (Step<S, R> step : system.steps(s, a)) {
                    if (seen.add(system.fingerprint(step.successor()))) {
                        queue.add(step.successor());
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void everyAbstractStateOfTheFixedReferenceIsAStateOfTheSpec() {
        Bounds b = Bounds.defaults();
        Spec spec = new Spec(b);
        Set<Long> specStates = reachable(spec, spec::fingerprint);
        Set<Long> referenceStates = reachable(new ReferenceSystem(b, Profile.fixed(), false), s -> s.abs().fingerprint());
        Set<Long> outside = new HashSet<>(referenceStates);
        outside.removeAll(specStates);
        assertEquals(16_248, specStates.size());
        assertEquals(16_248, referenceStates.size(), "one abstract state per reference state");
        assertEquals(0, outside.size(), outside.size() + " of the reference's " + referenceStates.size()
            + " abstract states are not among the spec's " + specStates.size());
    }
}
