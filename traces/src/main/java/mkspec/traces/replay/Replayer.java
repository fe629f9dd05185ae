package mkspec.traces.replay;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mkspec.reference.Profile;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.refinement.Abstraction;
import mkspec.refinement.Command;
import mkspec.refinement.ThreadedSystem;
import mkspec.refinement.Judge;
import mkspec.refinement.Linearizability;
import mkspec.refinement.Refinement;
import mkspec.refinement.Results;
import mkspec.spec.action.Action;
import mkspec.spec.model.MkState;
import mkspec.traces.format.Expect;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.InstanceStatus;
import mkspec.traces.format.Restored;
import mkspec.traces.format.Step;
import mkspec.traces.format.Trace;
import mkspec.traces.steps.Steps;
import mkspec.traces.steps.TraceCommands;

/**
 * Replays a trace on the reference: runs each step, compares its result and every observation
 * the trace expects, judges every invariant after every step, and, in the {@code fixed} profile,
 * checks that the spec takes the same step. Stops at the first difference.
 *
 * <p>What a step's {@code violations} must list: exactly the invariants the step breaks, that is
 * the state invariants that held before it and fail after it, and the step invariants that fail on
 * it. An invariant broken by an earlier step that still fails may be listed again or left out.
 */
public final class Replayer {
    private Replayer() {
    }

    /** One step as it ran. */
    public record StepRecord(int index, Step step, StepResult result, Judge.Judgement judgement,
                             MkState before, MkState after, Machine machineAfter) {
    }

    /**
     * Where a replay first disagreed with its trace.
     *
     * @param index the 1-based step
     * @param where {@code file:line:column} of the step
     * @param what what differed
     * @param expected what the trace (or the spec) says
     * @param actual what happened
     */
    public record Difference(int index, String where, String what, String expected, String actual) {
        /** One line, as the command line prints it. */
        public String line() {
            return where + ": step " + index + ": " + what + ": expected " + expected + ", got " + actual;
        }
    }

    /** A replay that ran: the steps, and the first difference if there was one. */
    public record Replay(Trace trace, Profile profile, boolean refinementChecked, List<StepRecord> steps,
                         Optional<Difference> difference) {
        public boolean agrees() {
            return difference.isEmpty();
        }
    }

    /** Replays {@code t} to its end or its first difference. */
    public static Replay replay(Trace t, Profile profile) {
        if (t.threaded()) {
            return replayThreaded(t, profile, Profiles.refines(profile));
        }
        MachineConfig config = TraceCommands.config(t.machine());
        Machine m = new Machine(config, profile);
        Judge judge = new Judge(Abstraction.platform(config));
        boolean refine = Profiles.refines(profile);
        List<StepRecord> records = new ArrayList<>();
        MkState before = Abstraction.of(m);
        Set<String> failingBefore = judge.failing(before).keySet();
        for (int i = 0; i < t.steps().size(); i++) {
            Step step = t.steps().get(i);
            Refinement.Judged judged = Refinement.step(m, TraceCommands.of(step, config), judge, before, failingBefore,
                refine);
            StepResult r = judged.result();
            MkState after = judged.after();
            Judge.Judgement j = judged.judgement();
            records.add(new StepRecord(i + 1, step, r, j, before, after, m.copy()));
            Optional<Difference> d = compare(t, i, step, r, j, m);
            if (d.isPresent()) {
                return new Replay(t, profile, refine, records, d);
            }
            before = after;
            failingBefore = j.failingAfter();
        }
        return new Replay(t, profile, refine, records, Optional.empty());
    }

    /**
     * Replays a trace whose steps name threads: a step of a thread between calls starts its call (its first
     * section), a step of a thread inside a call runs that call's next section and must name the same call. A step
     * that ends a call is compared with what it expects; the state invariants are judged whenever every thread is
     * between calls, and a step that is a whole call run alone is judged as a step of an unthreaded trace (with the
     * refinement check under {@code fixed}). Under {@code fixed} ({@code refine}), calls that overlap are checked as
     * the checker checks them, linearizable as the run goes ({@link Linearizability}): a step after which no
     * sequential order of the overlapping calls explains what the reference returned differs in its refinement. The
     * order of the steps is the interleaving: replay reproduces it exactly.
     */
    static Replay replayThreaded(Trace t, Profile profile, boolean refine) {
        MachineConfig config = TraceCommands.config(t.machine());
        int threads = 1;
        for (int i = 0; i < t.steps().size(); i++) {
            threads = Math.max(threads, t.thread(i));
        }
        Machine m = new Machine(config, profile, threads);
        Judge judge = new Judge(Abstraction.platform(config));
        Linearizability<MkState, Action> linearizability = Linearizability.rfcV2(Abstraction.platform(config));
        Linearizability.Window<MkState, Action> window = Linearizability.Window.empty();
        List<StepRecord> records = new ArrayList<>();
        Command[] running = new Command[threads];
        MkState before = Abstraction.of(m);
        Set<String> failingBefore = judge.failing(before).keySet();
        for (int i = 0; i < t.steps().size(); i++) {
            Step step = t.steps().get(i);
            int th = t.thread(i) - 1;
            Command c = TraceCommands.of(step, config);
            if (running[th] != null && !running[th].equals(c)) {
                return new Replay(t, profile, refine, records, Optional.of(new Difference(i + 1, t.where(i),
                    "thread " + (th + 1) + "'s call", running[th].label() + " (inside it)", c.label())));
            }
            boolean wasQuiescent = m.quiescent();
            boolean starts = running[th] == null;
            String overlapping = Linearizability.overlapping(java.util.Arrays.asList(running), th, c, Command::label);
            StepResult r = starts ? ThreadedSystem.start(m, th, c) : m.resume(th);
            running[th] = m.inFlight(th) == null ? null : c;
            MkState after = Abstraction.of(m);
            Judge.Judgement j;
            if (wasQuiescent && m.quiescent()) {
                j = judge.judge(failingBefore, before, c.action(), Results.toSpec(r), after, refine);
            } else {
                j = m.quiescent() ? judge.judgeQuiescent(failingBefore, after) : judge.judgePending(failingBefore);
                if (refine) {
                    window = linearizability.step(window, before, th, starts ? c.action() : null,
                        starts ? c.label() : null, r, after);
                    List<String> unexplained = linearizability.judge(window, m.quiescent(), after, overlapping);
                    if (!unexplained.isEmpty()) {
                        j = new Judge.Judgement(j.broken(), j.carried(), prefixed(unexplained), j.failingAfter());
                    }
                    if (m.quiescent()) {
                        window = Linearizability.Window.empty();
                    }
                }
            }
            records.add(new StepRecord(i + 1, step, r, j, before, after, m.copy()));
            Optional<Difference> d = r == null && step.expect().flatMap(Expect::result).isPresent()
                ? Optional.of(new Difference(i + 1, t.where(i), "result", step.expect().get().result().get().word(),
                    "none yet: the call goes on"))
                : compare(t, i, step, r, j, m);
            if (d.isPresent()) {
                return new Replay(t, profile, refine, records, d);
            }
            before = after;
            failingBefore = j.failingAfter();
        }
        return new Replay(t, profile, refine, records, Optional.empty());
    }

    private static List<String> prefixed(List<String> unexplained) {
        List<String> out = new ArrayList<>();
        for (String line : unexplained) {
            out.add(Linearizability.ID + ": " + line);
        }
        return out;
    }

    /**
     * {@code t} with every step expecting what a replay under {@code profile} observes: its result and
     * the invariants it newly breaks. Whatever {@code t} expected before is ignored.
     */
    public static Trace recorded(Trace t, Profile profile) {
        List<Step> bare = new ArrayList<>();
        for (Step s : t.steps()) {
            bare.add(s.withExpect(Optional.empty()));
        }
        List<Step> observed = new ArrayList<>();
        for (StepRecord rec : replay(t.withSteps(bare), profile).steps()) {
            // a section that does not end its call returns nothing to expect
            observed.add(rec.result() == null ? rec.step() : Steps.expecting(rec.step(), Results.toSpec(rec.result()),
                new LinkedHashSet<>(rec.judgement().brokenIds())));
        }
        return t.withSteps(observed);
    }

    private static Optional<Difference> compare(Trace t, int i, Step step, StepResult r, Judge.Judgement j, Machine m) {
        String where = t.where(i);
        int index = i + 1;
        Optional<Expect> e = step.expect();
        if (e.isPresent() && e.get().result().isPresent() && !Steps.matches(e.get().result().get(), r)) {
            return Optional.of(new Difference(index, where, "result", e.get().result().get().word(), describe(r)));
        }
        if (e.isPresent() && !e.get().statuses().isEmpty()) {
            Map<String, String> actual = m.status();
            for (Map.Entry<String, InstanceStatus> s : e.get().statuses().entrySet()) {
                String got = actual.getOrDefault(s.getKey(), "absent");
                if (!got.equals(s.getValue().word())) {
                    return Optional.of(new Difference(index, where, "status of " + s.getKey(), s.getValue().word(), got));
                }
            }
        }
        if (e.isPresent()) {
            Optional<Difference> kernel = kernelDifference(index, where, step, e.get(), m);
            if (kernel.isPresent()) {
                return kernel;
            }
        }
        List<String> expected = e.isPresent() ? new ArrayList<>(e.get().violations()) : List.of();
        List<String> broken = j.brokenIds();
        List<String> carried = new ArrayList<>();
        for (Judge.Broken b : j.carried()) {
            carried.add(b.id());
        }
        List<String> missing = new ArrayList<>(broken);
        missing.removeAll(expected);
        List<String> extra = new ArrayList<>(expected);
        extra.removeAll(broken);
        extra.removeAll(carried);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            return Optional.of(new Difference(index, where, "violations", expected.isEmpty() ? "none" : String.join(", ", expected),
                (broken.isEmpty() ? "none" : String.join(", ", broken)) + details(j, missing)));
        }
        if (!j.refinement().isEmpty()) {
            return Optional.of(new Difference(index, where, "refinement (the spec's step)", "the same step as the spec",
                String.join("; ", j.refinement())));
        }
        return Optional.empty();
    }

    /**
     * How what {@code step} left a spawned kernel differs from what {@code e} expects: what the kernel a spawned-boot
     * started restored, or the handover FDT a reboot-multikernel wrote. The other ops expect neither.
     */
    private static Optional<Difference> kernelDifference(int index, String where, Step step, Expect e, Machine m) {
        return step.accept(new Step.Cases<>() {
            public Optional<Difference> spawnedBoot(Step.SpawnedBoot boot) {
                if (e.restored().isEmpty()) {
                    return Optional.empty();
                }
                SpawnedKernel k = m.kho().lastStarted((int) boot.id());
                Optional<String> bad = restoredDiffers(e.restored().get(), k == null ? null : k.restored());
                String want = Formats.restored(e.restored().get());
                return bad.map(got -> new Difference(index, where, "restored", want, got));
            }

            public Optional<Difference> rebootMultikernel(Step.RebootMultikernel reboot) {
                if (e.handoverBytes().isEmpty()) {
                    return Optional.empty();
                }
                long got = m.handoverBytes((int) reboot.id());
                if (got == e.handoverBytes().get()) {
                    return Optional.empty();
                }
                return Optional.of(new Difference(index, where, "handover-bytes",
                    Long.toString(e.handoverBytes().get()), got < 0 ? "no handover FDT" : Long.toString(got)));
            }

            public Optional<Difference> uploadDeviceTree(Step.UploadDeviceTree u) {
                return Optional.empty();
            }

            public Optional<Difference> mkdir(Step.Mkdir d) {
                return Optional.empty();
            }

            public Optional<Difference> rmdir(Step.Rmdir d) {
                return Optional.empty();
            }

            public Optional<Difference> status(Step.Status st) {
                return Optional.empty();
            }

            public Optional<Difference> kexecFileLoad(Step.KexecFileLoad l) {
                return Optional.empty();
            }

            public Optional<Difference> kexecFileLoadDefault(Step.KexecFileLoadDefault l) {
                return Optional.empty();
            }

            public Optional<Difference> kexecFileUnload(Step.KexecFileUnload u) {
                return Optional.empty();
            }

            public Optional<Difference> rebootOther(Step.RebootOther r) {
                return Optional.empty();
            }

            public Optional<Difference> hostReuseFreedPages(Step.HostReuseFreedPages h) {
                return Optional.empty();
            }
        });
    }

    private static String details(Judge.Judgement j, List<String> ids) {
        List<String> out = new ArrayList<>();
        for (Judge.Broken b : j.broken()) {
            if (ids.contains(b.id())) {
                out.add(b.id() + ": " + String.join("; ", b.details()));
            }
        }
        return out.isEmpty() ? "" : " (" + String.join(" | ", out) + ")";
    }

    /** The word for a result, with the BUG site for a crash. */
    public static String describe(StepResult r) {
        if (r == null) {
            return "(the call goes on)";
        }
        return r.accept(DESCRIBE);
    }

    private static final StepResult.Cases<String> DESCRIBE = new StepResult.Cases<>() {
        public String ok(StepResult.Ok r) {
            return r.toString();
        }

        public String err(StepResult.Err r) {
            return r.toString();
        }

        public String hang(StepResult.Hang r) {
            return r.toString();
        }

        public String bug(StepResult.Bug r) {
            return "bug (" + r.site() + ")";
        }
    };

    /** How an expected restore differs from what was restored; empty when it matches. */
    static Optional<String> restoredDiffers(Restored expected, SpawnedKernel.Restored got) {
        return expected.accept(new Restored.Cases<>() {
            public Optional<String> nothing(Restored.Nothing n) {
                return got == null ? Optional.empty() : Optional.of(Formats.restored(got));
            }

            public Optional<String> instance(Restored.Instance i) {
                if (got == null) {
                    return Optional.of("none");
                }
                InstanceSpec want = i.instance();
                boolean ok = want.name().map(n -> n.equals(got.name())).orElse(true)
                    && want.id().map(id -> id == got.id()).orElse(true)
                    && want.memoryBytes().map(mb -> mb == got.memoryBytes()).orElse(true)
                    && want.cpus().map(c -> Formats.cpus(c).equals(Formats.cpus(got.cpus()))).orElse(true)
                    && got.visible();
                return ok ? Optional.empty() : Optional.of(Formats.restored(got));
            }
        });
    }
}
