package mkspec.spec.mk2.model;

/**
 * The instance states the mk2 host assigns ([MH14] enum mk_instance_state, [KF14] mk_state_strings). EMPTY and
 * FAILED exist in the enum but no code path read assigns them, so the model leaves them out.
 */
public enum Mk2Lifecycle {
    READY("ready"),
    LOADED("loaded"),
    ACTIVE("active");

    private final String text;

    Mk2Lifecycle(String text) {
        this.text = text;
    }

    /** What {@code instances/<name>/status} reads. */
    public String text() {
        return text;
    }
}
