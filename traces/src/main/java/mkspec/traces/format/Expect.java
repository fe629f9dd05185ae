package mkspec.traces.format;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a step must produce besides holding every invariant: its result and what it lets the user observe.
 *
 * <p>Part of the TRACE-FORMAT v1 contract. In a trace {@code expect: EINVAL} is a bare result; a map may hold
 * {@code result}, instance statuses (only on {@code status}), {@code restored} (only on {@code spawned-boot}),
 * {@code handover-bytes} (only on {@code reboot-multikernel}) and {@code violations}. Which op may carry which part
 * is checked by {@link Step}, since it depends on the op. An expectation says at least one thing.
 *
 * @param result        the result the step must return
 * @param statuses      instance name to status, sorted by name; empty unless the op is {@code status}
 * @param restored      what the spawned kernel must have restored
 * @param handoverBytes {@code fdt_totalsize} of the handover FDT written at exec
 * @param violations    the invariants this step is known to break, in {@link InvariantNames}' order; without it
 *                      every invariant must hold after the step
 */
public record Expect(Optional<ExpectedResult> result, Map<String, InstanceStatus> statuses,
                     Optional<Restored> restored, Optional<Long> handoverBytes, Set<String> violations) {

    /** Checks names and makes the collections immutable, in a canonical order. */
    public Expect {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(restored, "restored");
        Objects.requireNonNull(handoverBytes, "handoverBytes");
        // A canonical order, whatever the caller's collections iterate in, so written traces are reproducible.
        statuses = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(statuses)));
        for (String v : violations) {
            if (!InvariantNames.isInvariant(v)) {
                throw new IllegalArgumentException("not an invariant name: " + v);
            }
        }
        Set<String> ordered = violations.stream()
                .sorted(Comparator.comparingInt(InvariantNames.all()::indexOf))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        violations = Collections.unmodifiableSet(ordered);
        for (Map.Entry<String, InstanceStatus> e : statuses.entrySet()) {
            Names.require(e.getKey(), "instance name");
            if (Names.isReservedInExpect(e.getKey())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is an expectation key, not an instance");
            }
            Objects.requireNonNull(e.getValue(), "status");
        }
        handoverBytes.ifPresent(b -> InstanceSpec.requireNonNegative(b, "handover-bytes"));
        if (result.isEmpty() && statuses.isEmpty() && restored.isEmpty() && handoverBytes.isEmpty()
                && violations.isEmpty()) {
            throw new IllegalArgumentException("an expectation must say something");
        }
    }

    /** An expectation of a result only, as {@code expect: EINVAL} writes it. */
    public static Expect result(ExpectedResult result) {
        return new Expect(Optional.of(result), Map.of(), Optional.empty(), Optional.empty(), Set.of());
    }

    /** Whether this expectation is a result alone, so it can be written as a bare word. */
    public boolean isResultOnly() {
        return result.isPresent() && statuses.isEmpty() && restored.isEmpty() && handoverBytes.isEmpty()
                && violations.isEmpty();
    }
}
