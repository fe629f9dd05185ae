package mkspec.spec.check;

import java.time.Duration;

/**
 * A snapshot of a running search, handed to a {@link ProgressListener}.
 *
 * @param statesGenerated   states generated so far
 * @param distinctStates    distinct states stored so far
 * @param queueSize         stored states not yet expanded
 * @param depth             the level being expanded (steps from an initial state)
 * @param elapsed           time since the search started
 * @param generatedPerSecond states generated per second so far
 * @param distinctPerSecond distinct states per second so far
 * @param done              whether this is the final report
 */
public record Progress(
    long statesGenerated,
    long distinctStates,
    long queueSize,
    int depth,
    Duration elapsed,
    double generatedPerSecond,
    double distinctPerSecond,
    long heapBytes,
    boolean done) {}
