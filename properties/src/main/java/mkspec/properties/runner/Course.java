package mkspec.properties.runner;

import java.util.Objects;

/**
 * How a long run goes beyond its {@link Settings}: the try it starts at (the tries before it are skipped, not run:
 * their seeds are drawn all the same, so try {@code k} is the same sequence whether the run starts at 0 or at
 * {@code k}), whether every sequence takes exactly {@code maxSteps} steps instead of a drawn length, and an observer
 * told after each sequence, which may end the run (a time limit, progress lines).
 *
 * @param firstTry   the index of the first try run, from 0; below {@link Settings#tries()}
 * @param fullLength true: every sequence attempts {@code maxSteps} steps and draws no length
 * @param observer   told after every generated sequence; its answer false ends the run as passed
 */
public record Course(int firstTry, boolean fullLength, Observer observer) {

    /** Told after every generated sequence of a run (not after the shrinker's). */
    @FunctionalInterface
    public interface Observer {
        /**
         * Called with the try's index and its sequence; returns whether the run goes on.
         * A failing sequence is reported too, and the run then shrinks it whatever the answer.
         */
        boolean afterSequence(int tryIndex, Execution execution);
    }

    /** Rejects a negative first try and a missing observer. */
    public Course {
        if (firstTry < 0) {
            throw new IllegalArgumentException("firstTry must be at least 0, got " + firstTry);
        }
        Objects.requireNonNull(observer, "observer");
    }

    /** What {@link PropertyRunner#run(Settings, Model)} does: every try from the first, drawn lengths, nobody told. */
    public static Course standard() {
        return new Course(0, false, (tryIndex, execution) -> true);
    }
}
