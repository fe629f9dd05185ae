package mkspec.refinement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mkspec.spec.action.Action;
import mkspec.spec.action.Choice;
import mkspec.spec.action.Next;
import mkspec.spec.check.Verdict;
import mkspec.spec.invariant.Invariants;
import mkspec.spec.invariant.SpecInvariant;
import mkspec.spec.invariant.SpecStepInvariant;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Result;

/**
 * Judges one step against the invariants: which the step broke (a state invariant that held
 * before and fails after, or a step invariant that fails), and which were broken already and
 * still are. Replay, the counterexample writer and the properties all judge through here.
 */
public final class Judge {
    /** Where and why an invariant fails. */
    public record Broken(String id, String statement, List<String> details) {
    }

    /**
     * The verdict on one step.
     *
     * @param broken what this step broke, in DESIGN.md order
     * @param carried what was broken before and still is
     * @param refinement when the refinement check ran and failed: what differs from the spec's step
     * @param failingAfter the ids of the state invariants that fail after the step: what the next step's
     *     judgement needs to know of its pre-state
     */
    public record Judgement(List<Broken> broken, List<Broken> carried, List<String> refinement, Set<String> failingAfter) {
        public List<String> brokenIds() {
            List<String> ids = new ArrayList<>();
            for (Broken b : broken) {
                ids.add(b.id());
            }
            return ids;
        }
    }

    private final Platform platform;
    private final Invariants invariants;

    public Judge(Platform platform) {
        this.platform = platform;
        this.invariants = new Invariants(platform);
    }

    /** The state invariants failing in {@code s}, by id. */
    public Map<String, Broken> failing(MkState s) {
        Map<String, Broken> out = new LinkedHashMap<>();
        for (SpecInvariant inv : invariants.stateInvariants()) {
            Verdict v = inv.check(s);
            if (!v.holds()) {
                out.put(inv.id(), new Broken(inv.id(), inv.statement(), v.details()));
            }
        }
        return out;
    }

    /**
     * Judges the step {@code pre --action/result--> post}; with {@code refine} also checks that the
     * spec takes the same step.
     */
    public Judgement judge(MkState pre, Action action, Result result, MkState post, boolean refine) {
        return judge(failing(pre).keySet(), pre, action, result, post, refine);
    }

    /**
     * Judges a step whose pre-state is known to fail exactly the state invariants {@code failingBefore}
     * (the previous step's {@link Judgement#failingAfter}, or {@link #failing} of the initial state), so
     * that a sequence of steps evaluates every state once.
     */
    public Judgement judge(Set<String> failingBefore, MkState pre, Action action, Result result, MkState post,
                           boolean refine) {
        Map<String, Broken> after = failing(post);
        List<Broken> broken = new ArrayList<>();
        List<Broken> carried = new ArrayList<>();
        for (SpecStepInvariant inv : invariants.stepInvariants()) {
            Verdict v = inv.check(pre, action, result, post);
            if (!v.holds()) {
                broken.add(new Broken(inv.id(), inv.statement(), v.details()));
            }
        }
        for (Broken b : after.values()) {
            (failingBefore.contains(b.id()) ? carried : broken).add(b);
        }
        broken.sort((x, y) -> Integer.compare(order(x.id()), order(y.id())));
        List<String> refinement = refine ? refinement(pre, action, result, post) : List.of();
        return new Judgement(broken, carried, refinement, Collections.unmodifiableSet(after.keySet()));
    }

    /**
     * Judges the state a step of interleaved calls left when every thread is between calls again: the state
     * invariants that held at the last such state and fail now. No step invariant applies (the step ran part of a
     * call).
     */
    public Judgement judgeQuiescent(Set<String> failingBefore, MkState post) {
        Map<String, Broken> after = failing(post);
        List<Broken> broken = new ArrayList<>();
        List<Broken> carried = new ArrayList<>();
        for (Broken b : after.values()) {
            (failingBefore.contains(b.id()) ? carried : broken).add(b);
        }
        broken.sort((x, y) -> Integer.compare(order(x.id()), order(y.id())));
        return new Judgement(broken, carried, List.of(), Collections.unmodifiableSet(after.keySet()));
    }

    /** The verdict on a step that leaves some thread inside a call: nothing is judged until all are between calls. */
    public Judgement judgePending(Set<String> failingBefore) {
        return new Judgement(List.of(), List.of(), List.of(), failingBefore);
    }

    private static int order(String id) {
        int at = Invariants.DESIGN_IDS.indexOf(id);
        return at < 0 ? Invariants.DESIGN_IDS.size() : at;
    }

    /**
     * The refinement check, our Corres, as membership: the reference's step, seen through the abstraction, is one
     * of the steps the spec allows from the same abstract state for the same action, with the same result. The
     * spec resolves its open choices (which pages an allocation got) as the reference's successor shows them.
     * Empty when the step is allowed.
     */
    public List<String> refinement(MkState pre, Action action, Result result, MkState post) {
        List<Next.Step> allowed = Next.steps(platform, pre, action, Choice.madeIn(post, result));
        List<String> diffs = new ArrayList<>();
        if (allowed.isEmpty()) {
            diffs.add("the reference's choice of memory is not one the spec allows for " + action.op()
                + " (returned " + result + ")");
            return diffs;
        }
        Next.Step spec = allowed.get(0);
        if (!spec.result().equals(result)) {
            diffs.add("the reference returned " + result + ", the spec requires " + spec.result());
        }
        if (!spec.next().equals(post)) {
            diffs.addAll(StateDiff.diff(spec.next(), post));
        }
        return diffs;
    }
}
