package mkspec.traces.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.traces.replay.Profiles;
import picocli.CommandLine.Option;

/**
 * The options that say what is explored and where failures go, shared by every command that explores the model
 * ({@code check}, {@code simulate}): profile, errata, bounds, system, progress interval, output folder. One parser,
 * so the commands take the same words and refuse the same mistakes with the same messages.
 */
public final class ModelOptions {
    @Option(names = "--kernel", paramLabel = "K", defaultValue = "rfc-v2",
        description = "the modelled kernel: rfc-v2 (the posted patches) or mk2 (the multikernel/linux tree; see docs/mk2.md)"
            + " (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "fixed",
        description = "fixed, or the kernel's own: rfc-v2 or mk2 (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--erratum", paramLabel = "D", split = ",",
        description = "errata to switch on over fixed (or off over rfc-v2), e.g. D3 or D3,D5")
    List<String> errata = new ArrayList<>();

    @Option(names = "--bound", paramLabel = "K=V", description = "change a bound (see --list-bounds), e.g. pool-pages=32")
    List<String> bounds = new ArrayList<>();

    @Option(names = "--list-bounds", description = "print each bound, its value, what it means and the values it takes, then stop")
    boolean listBounds;

    @Option(names = "--system", paramLabel = "S", description = "what is explored: spec or reference (check also takes both;"
        + " default: both for check and spec for simulate with fixed, reference otherwise)")
    String system;

    @Option(names = "--progress", paramLabel = "SECONDS", defaultValue = "5", description = "seconds between progress lines (default: ${DEFAULT-VALUE})")
    int progress;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mkspec-out", description = "where counterexamples go (default: ${DEFAULT-VALUE})")
    Path out;

    /**
     * What the options choose, each checked: the bounds, the profile, the system (one of {@code allowed};
     * {@code whenFixed} by default with a profile that refines the spec), and the seconds between progress lines.
     */
    public record Chosen(Bounds bounds, Profile profile, String system, int progressSeconds) {
        /** Whether the profile refines the spec (fixed, no errata): the refinement is then checked. */
        public boolean refines() {
            return Profiles.refines(profile);
        }
    }

    /** What the options choose; see {@link Chosen}. */
    public Chosen chosen(List<String> allowed, String whenFixed) {
        Profile p = profile();
        return new Chosen(bounds(), p, system(p, allowed, whenFixed), progressSeconds());
    }

    /** The bounds: the defaults with each {@code --bound} applied in order. */
    public Bounds bounds() {
        return Inputs.bounds(bounds);
    }

    /** The {@code --bound} assignments as given, for a command line that repeats this run. */
    public List<String> boundAssignments() {
        return List.copyOf(bounds);
    }

    /** The profile of {@code --profile} and {@code --erratum}. */
    public Profile profile() {
        return Inputs.profile(profile, errata);
    }

    /**
     * With {@code --list-bounds}, prints every bound with its value and meaning to {@code o} and returns true: the
     * command then stops.
     */
    public boolean listedBounds(PrintWriter o) {
        if (!listBounds) {
            return false;
        }
        for (Map.Entry<String, String> e : bounds().allValues().entrySet()) {
            o.printf(Locale.ROOT, "%-28s %s%n", e.getKey() + "=" + e.getValue(), Bounds.MEANINGS.get(e.getKey()));
        }
        return true;
    }

    /**
     * The system {@code --system} names, one of {@code allowed}; {@code whenFixed} when absent and the profile is
     * {@code p} refines the spec, the reference otherwise. The spec has no errata, so only the reference runs with them.
     */
    public String system(Profile p, List<String> allowed, String whenFixed) {
        return system(Profiles.refines(p), p.name(), allowed, whenFixed);
    }

    /** The system, for a profile named {@code name} that refines the spec when {@code pure}. */
    private String system(boolean pure, String name, List<String> allowed, String whenFixed) {
        String sys = system == null ? (pure ? whenFixed : "reference") : system;
        if (!allowed.contains(sys)) {
            throw new Main.BadInput("--system " + sys + ": expected " + String.join(", ", allowed.subList(0, allowed.size() - 1))
                + " or " + allowed.get(allowed.size() - 1));
        }
        if (!pure && !sys.equals("reference")) {
            throw new Main.BadInput("--system " + sys + ": the spec has no errata; only the reference runs with " + name);
        }
        return sys;
    }

    /** The seconds between progress lines, at least 1. */
    public int progressSeconds() {
        if (progress < 1) {
            throw new Main.BadInput("--progress " + progress + ": expected 1 (second) or more");
        }
        return progress;
    }

    /** Whether {@code --kernel} names the mk2 tree (a usage error for a kernel mkspec does not model). */
    public boolean mk2() {
        return Mk2Checking.kernel(kernel).equals("mk2");
    }

    /** For mk2: the bounds, the defaults with each {@code --bound} applied in order. */
    public mkspec.spec.mk2.Mk2Bounds mk2Bounds() {
        return Mk2Checking.bounds(bounds);
    }

    /** For mk2: the profile of {@code --profile} (mk2 or fixed) and {@code --erratum}. */
    public mkspec.reference.mk2.Mk2Profile mk2Profile() {
        return Mk2Checking.profile(profile, errata);
    }

    /** For mk2: with {@code --list-bounds}, prints the mk2 bounds and returns true. */
    public boolean mk2ListedBounds(PrintWriter o) {
        if (!listBounds) {
            return false;
        }
        for (Map.Entry<String, String> e : mk2Bounds().listed().entrySet()) {
            o.printf(Locale.ROOT, "%-28s %s%n", e.getKey() + "=" + e.getValue(),
                mkspec.spec.mk2.Mk2Bounds.MEANINGS.get(e.getKey()));
        }
        return true;
    }

    /**
     * For mk2: the system {@code --system} names, one of {@code allowed}, as for rfc-v2 ({@code whenFixed} by default
     * for fixed, the reference otherwise).
     */
    public String mk2System(mkspec.reference.mk2.Mk2Profile p, List<String> allowed, String whenFixed) {
        return system(p.errata().isEmpty(), p.name(), allowed, whenFixed);
    }

    /** Where failing cases are written. */
    public Path out() {
        return out;
    }
}
