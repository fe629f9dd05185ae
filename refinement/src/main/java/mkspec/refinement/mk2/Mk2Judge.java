package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.Mk2Labels;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2Choice;
import mkspec.spec.mk2.action.Mk2Next;
import mkspec.spec.mk2.model.Mk2Platform;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.Result;

/**
 * The mk2 refinement check: a reference step from abstract state {@code pre} with result {@code r} to {@code post}
 * refines the spec when {@code (post, r)} is one of the spec's steps for the action, its choices read from
 * {@code post} ({@link Mk2Choice.MadeIn}).
 */
public final class Mk2Judge {
    private Mk2Judge() {
    }

    public static Verdict judge(Mk2Platform p, Mk2State pre, Mk2Action a, Result r, Mk2State post) {
        List<Mk2Next.Step> allowed = Mk2Next.steps(p, pre, a, new Mk2Choice.MadeIn(post));
        for (Mk2Next.Step s : allowed) {
            if (s.result().equals(r) && s.next().equals(post)) {
                return Verdict.HOLDS;
            }
        }
        List<String> d = new ArrayList<>();
        d.add(Mk2Labels.label(a) + " returned " + r + ", which the spec does not allow from this state");
        for (Mk2Next.Step s : allowed) {
            d.add("the spec allows " + s.result() + (s.result().equals(r) ? " with a different next state: "
                + difference(s.next(), post) : ""));
        }
        if (allowed.isEmpty()) {
            d.add("the choice the reference made is not one the spec allows");
        }
        return Verdict.violated(d);
    }

    /** The first component in which two states differ, for the report. */
    static String difference(Mk2State want, Mk2State got) {
        if (!want.instances().equals(got.instances())) {
            return "instances " + got.instances() + ", the spec " + want.instances();
        }
        if (!want.images().equals(got.images())) {
            return "images " + got.images() + ", the spec " + want.images();
        }
        if (!want.txs().equals(got.txs())) {
            return "transactions " + got.txs() + ", the spec " + want.txs();
        }
        if (!want.free().equals(got.free()) || !want.chunks().equals(got.chunks())) {
            return "pool " + got.chunks() + " free " + got.free() + ", the spec " + want.chunks() + " free " + want.free();
        }
        if (!want.spawns().equals(got.spawns())) {
            return "spawned kernels " + got.spawns() + ", the spec " + want.spawns();
        }
        return "the rest: " + got + ", the spec " + want;
    }
}
