package mkspec.traces.steps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.refinement.Abstraction;
import mkspec.refinement.Command;
import mkspec.refinement.Judge;
import mkspec.refinement.ReferenceSystem;
import mkspec.refinement.ThreadedSystem;
import mkspec.refinement.Results;
import mkspec.spec.Bounds;
import mkspec.spec.action.Action;
import mkspec.spec.check.Trace;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Result;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.Step;

/**
 * Counterexamples written as TRACE-FORMAT v1 traces: every step with the result it returned, the
 * last step with the invariants it broke, so that replaying the trace reproduces the violation.
 */
public final class Counterexamples {
    private Counterexamples() {
    }

    /** The machine block of the bounds' machine. */
    public static MachineSpec machine(Bounds b) {
        return new MachineSpec(b.pageSize(), b.cpus(), b.poolPages() * b.pageSize(), b.poolAddress());
    }

    /** The trace of a reference counterexample. */
    public static mkspec.traces.format.Trace ofReference(String name, String description, Profile profile, Bounds b,
            Trace<ReferenceSystem.RefState, Command, StepResult> path) {
        Judge judge = new Judge(Abstraction.platform(ReferenceSystem.config(b)));
        List<Step> steps = new ArrayList<>();
        MkState before = path.initial().abs();
        Set<String> failingBefore = judge.failing(before).keySet();
        for (Trace.TraceStep<ReferenceSystem.RefState, Command, StepResult> s : path.steps()) {
            Result r = Results.toSpec(s.result());
            Judge.Judgement j = judge.judge(failingBefore, before, s.action().action(), r, s.state().abs(), false);
            steps.add(Steps.expecting(SpecSteps.toStep(s.action().action()), r, new LinkedHashSet<>(j.brokenIds())));
            before = s.state().abs();
            failingBefore = j.failingAfter();
        }
        return trace(name, description, profile, b, steps);
    }

    /**
     * The trace of a counterexample of the threaded reference: one step per section, naming its thread; the step
     * that ends a call expects its result, and a step after which every thread is between calls lists the
     * invariants it breaks, so that replay reproduces the interleaving and the violation.
     */
    public static mkspec.traces.format.Trace ofThreaded(String name, String description, Profile profile, Bounds b,
            Trace<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> path) {
        Judge judge = new Judge(Abstraction.platform(ReferenceSystem.config(b)));
        List<Step> steps = new ArrayList<>();
        List<Integer> threads = new ArrayList<>();
        ThreadedSystem.TState before = path.initial();
        Set<String> failingBefore = judge.failing(before.abs()).keySet();
        for (Trace.TraceStep<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> s : path.steps()) {
            ThreadedSystem.Move mv = s.action();
            Command c = mv.starts() ? mv.command() : before.running(mv.thread());
            ThreadedSystem.TState after = s.state();
            Judge.Judgement j;
            if (before.quiescent() && after.quiescent()) {
                j = judge.judge(failingBefore, before.abs(), c.action(), Results.toSpec(s.result()), after.abs(), false);
            } else if (after.quiescent()) {
                j = judge.judgeQuiescent(failingBefore, after.abs());
            } else {
                j = judge.judgePending(failingBefore);
            }
            Step bare = SpecSteps.toStep(c.action());
            steps.add(s.result() == null ? bare
                : Steps.expecting(bare, Results.toSpec(s.result()), new LinkedHashSet<>(j.brokenIds())));
            threads.add(mv.thread() + 1);
            before = after;
            failingBefore = j.failingAfter();
        }
        return trace(name, description, profile, b, steps).withThreads(threads);
    }

    /** The trace of a spec counterexample. */
    public static mkspec.traces.format.Trace ofSpec(String name, String description, Bounds b,
            Trace<MkState, Action, Result> path) {
        Judge judge = new Judge(b.platform());
        List<Step> out = new ArrayList<>();
        MkState before = path.initial();
        Set<String> failingBefore = judge.failing(before).keySet();
        for (Trace.TraceStep<MkState, Action, Result> s : path.steps()) {
            Judge.Judgement j = judge.judge(failingBefore, before, s.action(), s.result(), s.state(), false);
            out.add(Steps.expecting(SpecSteps.toStep(s.action()), s.result(), new LinkedHashSet<>(j.brokenIds())));
            before = s.state();
            failingBefore = j.failingAfter();
        }
        return trace(name, description, Profile.fixed(), b, out);
    }

    private static mkspec.traces.format.Trace trace(String name, String description, Profile profile, Bounds b, List<Step> steps) {
        return trace(name, description, profile, machine(b), steps);
    }

    /** A trace of {@code steps} on {@code machine}, naming the profile as rfc-v2, or as fixed with its errata. */
    public static mkspec.traces.format.Trace trace(String name, String description, Profile profile, MachineSpec machine,
            List<Step> steps) {
        List<String> errata = new ArrayList<>();
        for (Erratum e : profile.errata()) {
            errata.add(e.name());
        }
        boolean v2 = profile.errata().size() == Erratum.values().length;
        return new mkspec.traces.format.Trace(1, name, Optional.of(description), v2 ? "rfc-v2" : "fixed",
            v2 ? List.of() : errata, machine, steps, Optional.empty());
    }

    /** The name a counterexample trace gets: lowercase words joined by dashes. */
    public static String name(String... parts) {
        String joined = String.join("-", parts).toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-");
        return joined.replaceAll("^-|-$", "");
    }
}
