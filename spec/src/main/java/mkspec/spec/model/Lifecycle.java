package mkspec.spec.model;

/**
 * An instance's state as its {@code status} file shows it ([P08] enum mk_instance_state, with the
 * later tree's LOADED). The spec moves READY -> LOADED -> ACTIVE; LOADING, EMPTY and FAILED exist so
 * that RFC v2's states can be represented by the abstraction and judged by the invariants.
 */
public enum Lifecycle {
    EMPTY("empty"),
    READY("ready"),
    LOADING("loading"),
    LOADED("loaded"),
    ACTIVE("active"),
    FAILED("failed");

    private final String text;

    Lifecycle(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The states in which an instance holds a kernel image. */
    public boolean holdsImage() {
        return this == LOADING || this == LOADED || this == ACTIVE;
    }

    public static Lifecycle byText(String t) {
        for (Lifecycle l : values()) {
            if (l.text.equals(t)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown state " + t);
    }
}
