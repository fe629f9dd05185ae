package mkspec.reference.kernel.multikernel;

/**
 * enum mk_instance_state of include/linux/multikernel.h [P08], with the later tree's LOADED.
 *
 * <p>RFC v2 has EMPTY, READY, LOADING, ACTIVE, FAILED and never sets ACTIVE. The later tree
 * renamed LOADING to LOADED ("kernel loaded, ready to start") and sets it only when a load
 * completes; the reference keeps both so that a status read says which profile produced it.
 */
public enum InstanceState {
    EMPTY("empty"),
    READY("ready"),
    LOADING("loading"),
    LOADED("loaded"),
    ACTIVE("active"),
    FAILED("failed");

    private final String text;

    InstanceState(String text) {
        this.text = text;
    }

    /** mk_state_to_string(): what the instance's {@code status} file shows. */
    public String text() {
        return text;
    }
}
