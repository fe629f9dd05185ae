package mkspec.properties.model;

import java.util.Set;
import mkspec.reference.Profile;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.spec.model.MkState;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.Step;
import mkspec.traces.refine.Abstraction;
import mkspec.traces.refine.ActionAbstraction;
import mkspec.traces.refine.Judge;
import mkspec.traces.refine.ReferenceSteps;
import mkspec.traces.refine.Results;

/**
 * One run of a property: a reference machine, its abstract state and the judgement of the last step.
 * (The runner records the steps; a failure is written out from its execution.)
 */
public final class Session {
    private final MachineConfig config;
    private final Machine machine;
    private final Judge judge;
    private final boolean refine;
    private MkState abs;
    /** The state invariants failing in {@link #abs}. */
    private Set<String> failing;
    private Judge.Judgement last;

    public Session(Profile profile, MachineSpec machine, boolean refine) {
        this.config = ReferenceSteps.config(machine);
        this.machine = new Machine(config, profile);
        this.judge = new Judge(Abstraction.platform(config));
        this.refine = refine;
        this.abs = Abstraction.of(this.machine);
        this.failing = judge.failing(abs).keySet();
    }

    /** Runs one trace step, judges it, and returns its result word. */
    public String run(Step step) {
        byte[] blob = ReferenceSteps.blobOf(step);
        StepResult r = ReferenceSteps.run(machine, step, blob);
        MkState after = Abstraction.of(machine);
        last = judge.judge(failing, abs, ActionAbstraction.of(step, blob, config), Results.toSpec(r), after, refine);
        abs = after;
        failing = last.failingAfter();
        return r instanceof StepResult.Bug ? "bug" : r.toString();
    }

    public Machine machine() {
        return machine;
    }

    /** The judgement of the last step, or null before the first. */
    public Judge.Judgement last() {
        return last;
    }
}
