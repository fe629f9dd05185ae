package mkspec.traces.format;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A trace: the machine, the profile and errata, and the steps a user (or the kernel's boot path) takes, each with
 * what it must return.
 *
 * <p>This record is TRACE-FORMAT v1 in memory, and a contract like the format. Its extensions beyond the v1 text
 * ({@code bug} results, {@code fail-at} on {@code reboot-multikernel}) are mkspec extensions, compatible with v1:
 * both are optional, so every v1 trace stays valid.
 *
 * @param version     the format version; always {@value #VERSION}
 * @param name        the trace's name, a {@linkplain Names name}
 * @param description free text
 * @param profile     {@value #PROFILE_RFC_V2} or {@value #PROFILE_FIXED} (the default)
 * @param errata      erratum ids like {@code D3}, each once: with {@code fixed}, the errata to turn on; with
 *                    {@code rfc-v2}, the errata to turn off
 * @param machine     the machine ({@link MachineSpec#DEFAULT} if the trace has none)
 * @param steps       the steps, in order (possibly none)
 * @param file        the file the trace was read from; empty for traces built in code or read from a string
 */
public record Trace(int version, String name, Optional<String> description, String profile, List<String> errata,
                    MachineSpec machine, List<Step> steps, Optional<Path> file, List<Integer> threads) {

    /** The most user threads a step may name. */
    public static final int MAX_THREADS = 3;

    /** The only format version this code reads and writes. */
    public static final int VERSION = 1;

    /** The profile with every defect of the RFC v2 patches. */
    public static final String PROFILE_RFC_V2 = "rfc-v2";

    /** The profile with every erratum off; the default. */
    public static final String PROFILE_FIXED = "fixed";

    /** Checks every field the reader checks, and makes the lists immutable. */
    public Trace {
        if (version != VERSION) {
            throw new IllegalArgumentException("this mkspec handles trace version " + VERSION + ", not " + version);
        }
        Names.require(name, "trace name");
        Objects.requireNonNull(description, "description");
        if (!isProfile(profile)) {
            throw new IllegalArgumentException("profile must be rfc-v2 or fixed: " + profile);
        }
        errata = List.copyOf(errata);
        Set<String> seen = new HashSet<>();
        for (String id : errata) {
            if (!ErrataIds.isModelled(id) || !seen.add(id)) {
                throw new IllegalArgumentException("errata must be distinct modelled ids like D3: " + errata);
            }
        }
        Objects.requireNonNull(machine, "machine");
        steps = List.copyOf(steps);
        Objects.requireNonNull(file, "file");
        threads = List.copyOf(threads);
        if (!threads.isEmpty() && threads.size() != steps.size()) {
            throw new IllegalArgumentException("threads: one per step or none, found " + threads.size() + " for "
                + steps.size() + " steps");
        }
        for (int t : threads) {
            if (t < 0 || t > MAX_THREADS) {
                throw new IllegalArgumentException("thread must be 1 to " + MAX_THREADS + " (0: none): " + t);
            }
        }
    }

    /** A trace whose steps name no thread: each step is a whole call, run alone. */
    public Trace(int version, String name, Optional<String> description, String profile, List<String> errata,
                 MachineSpec machine, List<Step> steps, Optional<Path> file) {
        this(version, name, description, profile, errata, machine, steps, file, List.of());
    }

    /** Whether some step names a thread: then steps are sections of calls that interleave. */
    public boolean threaded() {
        for (int t : threads) {
            if (t != 0) {
                return true;
            }
        }
        return false;
    }

    /** The thread step {@code index} (0-based) names, 1 when it names none. */
    public int thread(int index) {
        return threads.isEmpty() || threads.get(index) == 0 ? 1 : threads.get(index);
    }

    /** This trace with each step's thread (1-based; 0 for none), one per step. */
    public Trace withThreads(List<Integer> perStep) {
        return new Trace(version, name, description, profile, errata, machine, steps, file, perStep);
    }

    /** A version-1 trace on the default machine with profile {@code fixed}, no errata, no description, no file. */
    public static Trace of(String name, List<Step> steps) {
        return new Trace(VERSION, name, Optional.empty(), PROFILE_FIXED, List.of(), MachineSpec.DEFAULT, steps,
                Optional.empty());
    }

    /** Whether {@code word} names a profile. */
    public static boolean isProfile(String word) {
        return PROFILE_RFC_V2.equals(word) || PROFILE_FIXED.equals(word);
    }

    /** This trace without its file and with every step at {@link Position#UNKNOWN}: its content alone. */
    public Trace withoutLocations() {
        List<Step> bare = steps.stream().map(s -> s.withPosition(Position.UNKNOWN)).toList();
        return new Trace(version, name, description, profile, errata, machine, bare, Optional.empty(), threads);
    }

    /** Whether this trace and {@code other} say the same, wherever each was read from. */
    public boolean sameContentAs(Trace other) {
        return withoutLocations().equals(other.withoutLocations());
    }

    /**
     * Where step {@code index} (0-based) is, for a report: {@code file:line:column} when the trace was read from a
     * file, {@code line:column} when read from text, else {@code step N of NAME} (1-based).
     */
    public String where(int index) {
        Position at = steps.get(index).position();
        if (!at.isKnown()) {
            return "step " + (index + 1) + " of " + name;
        }
        return file.map(f -> f + ":" + at).orElse(at.toString());
    }

    /** This trace with another description. */
    public Trace withDescription(Optional<String> text) {
        return new Trace(version, name, text, profile, errata, machine, steps, file, threads);
    }

    /** This trace with another profile and errata list. */
    public Trace withProfile(String newProfile, List<String> newErrata) {
        return new Trace(version, name, description, newProfile, newErrata, machine, steps, file, threads);
    }

    /** This trace with other steps. */
    public Trace withSteps(List<Step> newSteps) {
        return new Trace(version, name, description, profile, errata, machine, newSteps, file,
            newSteps.size() == steps.size() ? threads : List.of());
    }

    /** This trace, recorded as read from {@code path}. */
    public Trace withFile(Path path) {
        return new Trace(version, name, description, profile, errata, machine, steps, Optional.of(path), threads);
    }
}
