package mkspec.traces.cli;

import java.io.IOException;
import java.nio.file.Path;
import mkspec.traces.failures.FailureCases;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.Trace;
import mkspec.traces.replay.Mk2Replayer;
import mkspec.traces.replay.Replayer;

/** Writing a failing-case report folder from the command line. */
final class Reports {
    private Reports() {
    }

    /**
     * Writes the report of {@code replay} (whose trace is {@code trace}) to {@code dir}; a folder the
     * writer refuses to replace (not a report of ours) is the user's to fix: bad input.
     */
    static Path write(Replayer.Replay replay, Trace trace, Path dir) throws IOException {
        return refusedIsBadInput(FailureCases.write(replay, trace, dir), dir);
    }

    /** The same for an mk2 trace and its replay. */
    static Path write(Mk2Replayer.Replay replay, Mk2Trace trace, Path dir) throws IOException {
        return refusedIsBadInput(FailureCases.write(replay, trace, dir), dir);
    }

    private static Path refusedIsBadInput(java.util.Optional<String> refused, Path dir) {
        if (refused.isPresent()) {
            throw new Main.BadInput(refused.get());
        }
        return dir;
    }
}
