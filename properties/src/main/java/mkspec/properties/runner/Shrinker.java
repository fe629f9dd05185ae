package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Shrinks a failing sequence by editing its recorded draws and re-running the model on each edit, keeping an
 * edit only if the run still fails with the same failure id and its draws are strictly smaller.
 *
 * <p>"Smaller" is: fewer steps, then the draws' distances from their minimums compared lexicographically
 * (a prefix before a longer list). Each kept edit makes the sequence smaller in this order and the number of
 * runs is bounded, so shrinking stops; it is deterministic, as every choice depends only on the draws.
 *
 * <p>Passes, repeated until one changes nothing or the budget is spent:
 * <ol>
 *   <li>delete chunks of whole steps: halves, then quarters, ..., then pairs and single steps at every position;</li>
 *   <li>lower each draw towards its minimum: the minimum itself, then a binary search between the minimum and
 *       the current value, whose probes halve the distance each time and end at a decrement;</li>
 *   <li>lower draws that are equal (same value and bounds) together, in the same way: a failure that needs two
 *       equal arguments (the same key twice) cannot be lowered one draw at a time;</li>
 *   <li>swap two draws with the same bounds when the later one is lower: a failure that needs two arguments
 *       to differ gets its lower value first, e.g. {@code push(1) push(0) push(0)} becomes {@code push(0)
 *       push(0) push(1)}.</li>
 * </ol>
 */
final class Shrinker<S> {

    /** Chunks of at most this many steps are tried at every position, larger ones only at multiples of their size. */
    private static final int SLIDING_CHUNK = 2;

    private final Model<S> model;
    private final String failureId;
    private final int maxRuns;
    private int runs;
    private Execution current;
    private List<Draw> currentFlat;

    Shrinker(Model<S> model, Execution failing, int maxRuns) {
        if (!failing.failed()) {
            throw new IllegalArgumentException("only a failing execution can be shrunk");
        }
        this.model = model;
        this.failureId = failing.failure().orElseThrow().id();
        this.maxRuns = maxRuns;
        this.current = failing;
        this.currentFlat = flatten(failing.draws());
    }

    /** Shrinks as far as the passes and the budget allow and returns the smallest failing execution found. */
    Execution shrink() {
        boolean progress = true;
        while (progress && !budgetSpent()) {
            boolean deleted = deleteSteps();
            boolean lowered = lowerDraws();
            boolean loweredTogether = lowerEqualDrawsTogether();
            boolean swapped = swapDraws();
            progress = deleted || lowered || loweredTogether || swapped;
        }
        return current;
    }

    /** How many candidate sequences were run. */
    int runs() {
        return runs;
    }

    /** True if shrinking stopped because the budget ran out rather than at a fixpoint. */
    boolean budgetSpent() {
        return runs >= maxRuns;
    }

    private boolean deleteSteps() {
        boolean progress = false;
        for (int chunk = Math.max(1, (stepCount() + 1) / 2); ; chunk = (chunk + 1) / 2) {
            // Small chunks slide one step at a time: a pair of steps that cancel out (push, pop) can sit anywhere.
            int stride = chunk <= SLIDING_CHUNK ? 1 : chunk;
            int start = 0;
            while (start + chunk <= stepCount() && !budgetSpent()) {
                if (tryCandidate(withoutSteps(start, chunk))) {
                    progress = true;
                } else {
                    start += stride;
                }
            }
            if (chunk == 1) {
                return progress;
            }
        }
    }

    private boolean lowerDraws() {
        boolean progress = false;
        for (int step = 0; step < stepCount() && !budgetSpent(); step++) {
            for (int index = 0; index < drawCount(step) && !budgetSpent(); index++) {
                if (lowerDraw(step, index)) {
                    progress = true;
                }
            }
        }
        return progress;
    }

    private boolean lowerDraw(int step, int index) {
        Draw draw = current.draws().steps().get(step).get(index);
        if (draw.value() == draw.min()) {
            return false;
        }
        return lower(draw, value -> withValue(step, index, value), value -> step < stepCount()
            && index < drawCount(step) && current.draws().steps().get(step).get(index).value() == value);
    }

    private boolean lowerEqualDrawsTogether() {
        boolean progress = false;
        List<Draw> seen = new ArrayList<>();
        for (int i = 0; i < currentFlat.size() && !budgetSpent(); i++) {
            Draw draw = currentFlat.get(i);
            if (draw.value() == draw.min() || seen.contains(draw)) {
                continue;
            }
            seen.add(draw);
            List<Integer> equal = positionsEqualTo(draw);
            if (equal.size() < 2) {
                continue;
            }
            if (lower(draw, value -> withValues(equal, value),
                    value -> positionsEqualTo(new Draw(value, draw.min(), draw.max())).containsAll(equal))) {
                progress = true;
            }
        }
        return progress;
    }

    /**
     * Lowers what {@code edit} sets from {@code draw}'s value towards its minimum: the minimum itself, then a
     * binary search, as if failing were monotone in the value (the current value fails alike; values below
     * {@code lo} were rejected). Stops early when a kept edit leaves the edited positions no longer holding the
     * value ({@code inPlace} false): the edit reshaped the sequence and the positions mean something else now.
     * Returns whether any edit was kept.
     */
    private boolean lower(Draw draw, LongFunction<List<List<Long>>> edit, LongPredicate inPlace) {
        if (tryCandidate(edit.apply(draw.min()))) {
            return true;
        }
        boolean progress = false;
        long lo = draw.min() + 1;
        long hi = draw.value();
        while (lo < hi && !budgetSpent()) {
            long mid = lo + ((hi - lo) >>> 1);
            if (tryCandidate(edit.apply(mid))) {
                progress = true;
                if (!inPlace.test(mid)) {
                    break;
                }
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return progress;
    }

    private boolean swapDraws() {
        boolean progress = false;
        for (int i = 0; i < currentFlat.size() && !budgetSpent(); i++) {
            for (int j = i + 1; j < currentFlat.size() && !budgetSpent(); j++) {
                Draw first = currentFlat.get(i);
                Draw second = currentFlat.get(j);
                if (first.min() == second.min() && first.max() == second.max() && first.value() > second.value()
                        && tryCandidate(withValues(List.of(i), second.value(), List.of(j), first.value()))) {
                    progress = true;
                }
            }
        }
        return progress;
    }

    private List<Integer> positionsEqualTo(Draw draw) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < currentFlat.size(); i++) {
            if (currentFlat.get(i).equals(draw)) {
                positions.add(i);
            }
        }
        return positions;
    }

    private boolean tryCandidate(List<List<Long>> values) {
        if (budgetSpent()) {
            return false;
        }
        runs++;
        Execution candidate = Executor.execute(model, Executor.replaying(values), null);
        if (!candidate.failed() || !candidate.failure().orElseThrow().id().equals(failureId)) {
            return false;
        }
        List<Draw> candidateFlat = flatten(candidate.draws());
        if (smaller(candidate.draws().steps().size(), candidateFlat, stepCount(), currentFlat)) {
            current = candidate;
            currentFlat = candidateFlat;
            return true;
        }
        return false;
    }

    /**
     * The shortlex-like order shrinking descends: step count first, then draw offsets lexicographically (the
     * draws flattened across steps).
     */
    private static boolean smaller(int stepsA, List<Draw> flatA, int stepsB, List<Draw> flatB) {
        if (stepsA != stepsB) {
            return stepsA < stepsB;
        }
        int common = Math.min(flatA.size(), flatB.size());
        for (int i = 0; i < common; i++) {
            int order = Long.compareUnsigned(flatA.get(i).offset(), flatB.get(i).offset());
            if (order != 0) {
                return order < 0;
            }
        }
        return flatA.size() < flatB.size();
    }

    private static List<Draw> flatten(DrawLog log) {
        List<Draw> flat = new ArrayList<>();
        for (List<Draw> step : log.steps()) {
            flat.addAll(step);
        }
        return flat;
    }

    private int stepCount() {
        return current.draws().steps().size();
    }

    private int drawCount(int step) {
        return current.draws().steps().get(step).size();
    }

    private List<List<Long>> withoutSteps(int start, int count) {
        List<List<Long>> values = new ArrayList<>(current.draws().values());
        values.subList(start, start + count).clear();
        return values;
    }

    /** The current values with the draws at flat positions {@code positions} set to {@code value}. */
    private List<List<Long>> withValues(List<Integer> positions, long value) {
        return withValues(positions, value, List.of(), 0);
    }

    private List<List<Long>> withValues(List<Integer> positions, long value, List<Integer> others, long otherValue) {
        List<List<Long>> values = new ArrayList<>();
        int flat = 0;
        for (List<Long> step : current.draws().values()) {
            List<Long> edited = new ArrayList<>(step.size());
            for (long old : step) {
                edited.add(positions.contains(flat) ? value : others.contains(flat) ? otherValue : old);
                flat++;
            }
            values.add(edited);
        }
        return values;
    }

    private List<List<Long>> withValue(int step, int index, long value) {
        List<List<Long>> values = new ArrayList<>(current.draws().values());
        List<Long> stepValues = new ArrayList<>(values.get(step));
        stepValues.set(index, value);
        values.set(step, stepValues);
        return values;
    }
}
