package mkspec.properties.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.properties.runner.Action;
import mkspec.properties.runner.Check;
import mkspec.properties.runner.Gen;
import mkspec.properties.runner.Model;
import mkspec.properties.runner.Verdict;
import mkspec.reference.Profile;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.Position;
import mkspec.traces.format.Step;
import mkspec.refinement.Judge;
import mkspec.refinement.ReferenceSystem;
import mkspec.traces.format.StepText;

/**
 * The stateful property of mkspec: random sequences of trace steps run on the reference, and after
 * every step the invariants (and, for {@code fixed}, the refinement check) must hold. A failure's
 * id is the invariant's id (or {@code refinement}), so shrinking keeps the same defect.
 */
public final class MkspecModel {
    private MkspecModel() {
    }

    /** A host with a 256 MiB pool at 1 GiB and 16 CPUs: realistic sizes, fast steps. */
    public static final MachineSpec REALISTIC = new MachineSpec(4096, 16, 256L << 20, 1L << 30);

    /**
     * The model for {@code profile} on {@code machine}; {@code refine} adds the refinement check
     * (meaningful only for {@code fixed}).
     */
    public static Model<Session> of(Profile profile, MachineSpec machine, boolean refine) {
        Generators g = new Generators(machine.pageSize(), machine.cpus(), machine.poolSize());
        List<Action<Session, ?>> actions = new ArrayList<>();
        actions.add(step("upload-device-tree", 3, s -> g.upload()));
        actions.add(step("kexec-file-load", 4, g::load));
        actions.add(step("kexec-file-load-default", 1, s -> g.loadDefault()));
        actions.add(step("kexec-file-unload", 2, g::unload));
        actions.add(step("reboot-multikernel", 3, g::reboot));
        actions.add(step("spawned-boot", 3, g::boot));
        actions.add(step("rmdir", 1, g::rmdir));
        actions.add(step("mkdir", 1, s -> g.mkdir()));
        actions.add(step("status", 1, s -> Gen.constant(new Step.Status(Optional.empty(), Position.UNKNOWN))));
        actions.add(step("reboot-other", 1, s -> Gen.constant(new Step.RebootOther(Optional.empty(), Position.UNKNOWN))));
        actions.add(step("host-reuse-freed-pages", 1,
            s -> Gen.constant(new Step.HostReuseFreedPages(Optional.empty(), Position.UNKNOWN))));
        List<Check<Session>> checks = List.of(MkspecModel::invariants);
        return Model.of(() -> new Session(profile, machine, refine), actions, checks);
    }

    private static Action<Session, Step> step(String name, int weight, java.util.function.Function<Session, Gen<Step>> gen) {
        return new Action<Session, Step>(name, weight, s -> true, gen, Session::run, StepText::of);
    }

    /** Every invariant the last step broke; the refinement check when it ran. */
    static Verdict invariants(Session s) {
        Judge.Judgement j = s.last();
        if (j == null) {
            return Verdict.holds();
        }
        if (!j.broken().isEmpty()) {
            Judge.Broken b = j.broken().get(0);
            return Verdict.violated(b.id(), b.statement() + ": " + String.join("; ", b.details()));
        }
        if (!j.refinement().isEmpty()) {
            return Verdict.violated(ReferenceSystem.REFINEMENT, String.join("; ", j.refinement()));
        }
        return Verdict.holds();
    }
}
