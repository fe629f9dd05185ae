package mkspec.refinement;

import java.util.Arrays;
import java.util.Objects;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.Labels;
import mkspec.spec.action.Action;

/**
 * One call to the reference: a spec action, and for an upload the bytes user space writes and its write() size (0:
 * the whole blob at once), whose reading by the fixed kernel the action is.
 *
 * @param action what the call is, in the spec's words
 * @param blob an upload's bytes; null for other calls
 * @param writeChunk an upload's bytes per write() call, 0 for one call
 * @param label a short name for reports and coverage
 */
public record Command(Action action, byte[] blob, int writeChunk, String label) {
    public Command {
        Objects.requireNonNull(action, "action");
        if ((action instanceof Action.UploadDeviceTree) != (blob != null)) {
            throw new IllegalArgumentException("an upload, and only an upload, carries bytes: " + label);
        }
    }

    /** A call that is not an upload. */
    public static Command of(Action action, String label) {
        return new Command(action, null, 0, label);
    }

    /**
     * An upload of {@code blob} in {@code writeChunk}-byte writes, read once as the fixed kernel reads it and labelled
     * as the spec labels what it read.
     */
    public static Command upload(byte[] blob, int writeChunk, MachineConfig c) {
        Action.UploadDeviceTree action = UploadAbstraction.of(blob, writeChunk, c);
        return new Command(action, blob, writeChunk, Labels.label(action));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && action.equals(c.action) && Arrays.equals(blob, c.blob)
            && writeChunk == c.writeChunk && label.equals(c.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, Arrays.hashCode(blob), writeChunk, label);
    }

    @Override
    public String toString() {
        return label;
    }
}
