package mkspec.properties.model;

import java.util.ArrayList;
import java.util.List;
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
 * One run of a property: a reference machine, its abstract state, the judgement of the last step,
 * and the steps taken so far (so a failure can be written out as a trace).
 */
public final class Session {
    private final Profile profile;
    private final MachineSpec machineSpec;
    private final MachineConfig config;
    private final Machine machine;
    private final Judge judge;
    private final boolean refine;
    private final List<Step> steps = new ArrayList<>();
    private MkState abs;
    private Judge.Judgement last;

    public Session(Profile profile, MachineSpec machine, boolean refine) {
        this.profile = profile;
        this.machineSpec = machine;
        this.config = ReferenceSteps.config(machine);
        this.machine = new Machine(config, profile);
        this.judge = new Judge(Abstraction.platform(config));
        this.refine = refine;
        this.abs = Abstraction.of(this.machine);
    }

    /** Runs one trace step, judges it, and returns its result word. */
    public String run(Step step) {
        StepResult r = ReferenceSteps.run(machine, step);
        MkState after = Abstraction.of(machine);
        last = judge.judge(abs, ActionAbstraction.of(step, config), Results.toSpec(r), after, refine);
        abs = after;
        steps.add(step);
        return r instanceof StepResult.Bug ? "bug" : r.toString();
    }

    public Machine machine() {
        return machine;
    }

    public Profile profile() {
        return profile;
    }

    public MachineSpec machineSpec() {
        return machineSpec;
    }

    /** The judgement of the last step, or null before the first. */
    public Judge.Judgement last() {
        return last;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }
}
