package mkspec.spec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import mkspec.spec.check.Step;
import org.junit.jupiter.api.Test;

/** MkState.fingerprint() is a function of equality: equal states agree, and the reachable states never collide. */
class FingerprintTest {
    @Test
    void everyReachableStateAndItsRebuiltCopyShareOneFingerprintAndNoTwoStatesCollide() {
        Spec spec = new Spec(Bounds.defaults());
        Map<MkState, Long> seen = new HashMap<>();
        Map<Long, MkState> byFingerprint = new HashMap<>();
        ArrayDeque<MkState> queue = new ArrayDeque<>(spec.initialStates());
        seen.put(queue.peek(), queue.peek().fingerprint());
        while (!queue.isEmpty()) {
            MkState s = queue.poll();
            long fp = s.fingerprint();
            MkState other = byFingerprint.putIfAbsent(fp, s);
            assertEquals(s, other == null ? s : other, "two states share fingerprint " + Long.toHexString(fp));
            assertEquals(fp, rebuilt(s).fingerprint(), "a rebuilt copy of an equal state");
            assertEquals(s, rebuilt(s));
            for (Action a : spec.actions()) {
                for (Step<MkState, Result> st : spec.steps(s, a)) {
                    if (!seen.containsKey(st.successor())) {
                        seen.put(st.successor(), st.successor().fingerprint());
                        queue.add(st.successor());
                    }
                }
            }
        }
        assertEquals(seen.size(), byFingerprint.size());
    }

    /** An equal state made of fresh objects: every list copied, every instance built again. */
    private static MkState rebuilt(MkState s) {
        List<Instance> instances = new ArrayList<>();
        for (Instance i : s.instances()) {
            instances.add(new Instance(i.name(), i.id(), i.state(), CpuSet.of(i.cpus().toBitSet()),
                new ArrayList<>(i.chunks()), RangeSet.ofRanges(new ArrayList<>(i.allocated().ranges())), i.dtbSize(),
                i.image()));
        }
        return new MkState(RangeSet.ofRanges(new ArrayList<>(s.poolFree().ranges())), instances, s.plain(),
            new ArrayList<>(s.spawned()), CpuSet.of(s.online().toBitSet()), s.rebootLockHeld(), s.fdtReadOutOfBounds(),
            s.crashed());
    }
}
