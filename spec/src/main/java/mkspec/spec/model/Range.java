package mkspec.spec.model;

/**
 * The pages {@code [first, first + count)}, in page frame numbers (physical address / page size).
 *
 * @param first the first page frame
 * @param count how many pages; at least one
 */
public record Range(long first, long count) {
    public Range {
        if (count <= 0) {
            throw new IllegalArgumentException("empty range at " + first);
        }
    }

    /** One past the last page. */
    public long end() {
        return first + count;
    }

    public boolean overlaps(Range o) {
        return first < o.end() && o.first < end();
    }

    public boolean contains(Range o) {
        return o.first >= first && o.end() <= end();
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(first) + "+" + count + "]";
    }
}
