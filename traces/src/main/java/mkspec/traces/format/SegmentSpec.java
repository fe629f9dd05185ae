package mkspec.traces.format;

import java.util.Objects;
import java.util.Optional;

/**
 * One segment of a kexec image: its size and, optionally, the placement constraints of {@code struct kexec_buf}.
 *
 * <p>In a trace a segment is a bare size ({@code 1M}, {@code 8K}, {@code 0x2000}, {@code 4096}) or a map
 * {@code {size, align, min, max}}. Absent constraints are left to the loader's defaults, which the reference decides.
 *
 * @param size  bytes of the segment ({@code memsz}), 0 to {@link Ranges#PHYSICAL_LIMIT}
 * @param align requested alignment ({@code buf_align}), 0 to {@link Ranges#PHYSICAL_LIMIT}
 * @param min   lowest acceptable address ({@code buf_min})
 * @param max   highest acceptable address ({@code buf_max})
 */
public record SegmentSpec(long size, Optional<Long> align, Optional<Long> min, Optional<Long> max) {

    /** Checks that every number is non-negative, the size and the alignment at most {@link Ranges#PHYSICAL_LIMIT}. */
    public SegmentSpec {
        Ranges.require(size, Ranges.PHYSICAL_LIMIT, Ranges.PHYSICAL_TEXT, "segment size");
        Objects.requireNonNull(align, "align");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        align.ifPresent(a -> Ranges.require(a, Ranges.PHYSICAL_LIMIT, Ranges.PHYSICAL_TEXT, "align"));
        min.ifPresent(a -> InstanceSpec.requireNonNegative(a, "min"));
        max.ifPresent(a -> InstanceSpec.requireNonNegative(a, "max"));
    }

    /** A segment given only by its size. */
    public static SegmentSpec ofSize(long size) {
        return new SegmentSpec(size, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether only the size is given, so the segment is written as a bare size. */
    public boolean isBareSize() {
        return align.isEmpty() && min.isEmpty() && max.isEmpty();
    }
}
