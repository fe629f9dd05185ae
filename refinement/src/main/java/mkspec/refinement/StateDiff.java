package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.model.Instance;
import mkspec.spec.model.MkState;

/** Where two abstract states differ, in words, for refinement failures. */
public final class StateDiff {
    private StateDiff() {
    }

    /** The differences between the spec's successor {@code want} and the reference's {@code got}. */
    public static List<String> diff(MkState want, MkState got) {
        List<String> d = new ArrayList<>();
        if (!want.poolFree().equals(got.poolFree())) {
            d.add("free pool pages: spec " + want.poolFree() + ", reference " + got.poolFree());
        }
        if (want.instances().size() != got.instances().size()) {
            d.add("instances: spec " + names(want) + ", reference " + names(got));
        } else {
            for (int i = 0; i < want.instances().size(); i++) {
                Instance a = want.instances().get(i);
                Instance b = got.instances().get(i);
                if (!a.equals(b)) {
                    d.add("instance " + a.name() + ": spec " + a + ", reference " + b);
                }
            }
        }
        if (!want.plain().equals(got.plain())) {
            d.add("plain image: spec " + want.plain() + ", reference " + got.plain());
        }
        if (!want.spawned().equals(got.spawned())) {
            d.add("spawned kernels: spec " + want.spawned() + ", reference " + got.spawned());
        }
        if (!want.online().equals(got.online())) {
            d.add("online CPUs: spec " + want.online() + ", reference " + got.online());
        }
        if (want.rebootLockHeld() != got.rebootLockHeld()) {
            d.add("reboot lock held: spec " + want.rebootLockHeld() + ", reference " + got.rebootLockHeld());
        }
        if (want.fdtReadOutOfBounds() != got.fdtReadOutOfBounds()) {
            d.add("FDT read out of bounds: spec " + want.fdtReadOutOfBounds() + ", reference " + got.fdtReadOutOfBounds());
        }
        if (!want.crashed().equals(got.crashed())) {
            d.add("crashed: spec " + want.crashed() + ", reference " + got.crashed());
        }
        return d;
    }

    private static List<String> names(MkState s) {
        List<String> n = new ArrayList<>();
        for (Instance i : s.instances()) {
            n.add(i.name());
        }
        return n;
    }
}
