package mkspec.properties.runner;

/** Receives a failed run with its shrunk sequence, e.g. to write it out as a trace and report; called once. */
@FunctionalInterface
public interface FailureHook {

    /** Handles the failure; an exception thrown here is attached to the test's AssertionError, not lost. */
    void onFailure(RunResult.Failed failure);
}
