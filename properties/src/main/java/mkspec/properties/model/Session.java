package mkspec.properties.model;

import java.util.Set;
import mkspec.reference.Profile;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.spec.model.MkState;
import mkspec.refinement.Abstraction;
import mkspec.refinement.Judge;
import mkspec.refinement.Refinement;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.Step;
import mkspec.traces.steps.TraceCommands;

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
        this.config = TraceCommands.config(machine);
        this.machine = new Machine(config, profile);
        this.judge = new Judge(Abstraction.platform(config));
        this.refine = refine;
        this.abs = Abstraction.of(this.machine);
        this.failing = judge.failing(abs).keySet();
    }

    /** Runs one trace step, judges it, and returns its result word. */
    public String run(Step step) {
        Refinement.Judged judged = Refinement.step(machine, TraceCommands.of(step, config), judge, abs, failing, refine);
        StepResult r = judged.result();
        last = judged.judgement();
        abs = judged.after();
        failing = last.failingAfter();
        return r.toString(); // ok, an errno name, hang or bug
    }

    public Machine machine() {
        return machine;
    }

    /** The machine seen through the abstraction, after the last step. */
    public MkState state() {
        return abs;
    }

    /** The judgement of the last step, or null before the first. */
    public Judge.Judgement last() {
        return last;
    }
}
