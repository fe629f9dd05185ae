package mkspec.traces.format;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What an {@code upload-device-tree} step writes: a tree built from a list of instances, or a complete blob.
 *
 * <p>A trace gives exactly one of {@code instances:} and {@code dtb:}; this type makes "both" and "neither"
 * unrepresentable.
 */
public sealed interface DeviceTreeSource permits DeviceTreeSource.Instances, DeviceTreeSource.Dtb {

    /** {@code c}'s case for this source. */
    <R> R accept(Cases<R> c);

    /** One case per kind of source, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R instances(Instances i);

        R dtb(Dtb d);
    }

    /**
     * Build the multikernel device tree from these instances (possibly none), in this order.
     *
     * @param instances the instance nodes, each with any of its fields left out on purpose
     */
    record Instances(List<InstanceSpec> instances) implements DeviceTreeSource {

        /** Makes the list immutable. */
        public Instances {
            instances = List.copyOf(instances);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.instances(this);
        }
    }

    /**
     * Write these exact bytes (from {@code dtb:}, base64 in the trace), which need not be a valid DTB.
     *
     * <p>The array is copied in and out, and equality is by content, so a {@code Dtb} is a value like the rest.
     *
     * @param bytes the blob, at least one byte (a zero-length write never reaches a sysfs store, so it is no test)
     */
    record Dtb(byte[] bytes) implements DeviceTreeSource {

        /** Copies the bytes and rejects an empty blob. */
        public Dtb {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("a dtb blob has at least one byte");
            }
            bytes = bytes.clone();
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.dtb(this);
        }

        /** A copy of the blob. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The number of bytes, without copying them. */
        public int length() {
            return bytes.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Dtb that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Dtb[" + bytes.length + " bytes: " + Base64.getEncoder().encodeToString(bytes) + "]";
        }
    }
}
