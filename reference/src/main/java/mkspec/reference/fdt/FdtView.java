package mkspec.reference.fdt;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The memory a C caller hands to libfdt: a byte array of which only the first {@code visibleLength} bytes are
 * the real buffer.
 *
 * <p>libfdt bounds its reads by the header's {@code totalsize}, but the kernel sometimes passes a buffer shorter
 * than the size the header claims, so libfdt then reads past the buffer. A view never throws for any index: a
 * byte at a negative index, at or past the visible length, or past the array reads as zero and is counted as an
 * out-of-bounds read. The count is of bytes, and the first offending offset is kept. Offsets are {@code long}
 * because libfdt computes addresses from 32-bit unsigned header fields.
 *
 * <p>The view does not copy the array; it is mutable through its counters and not thread-safe.
 */
public final class FdtView {

    private final byte[] bytes;
    private final int limit;
    private long outOfBoundsReads;
    private long firstOutOfBoundsOffset = -1;

    /**
     * A view of {@code bytes} whose real buffer is its first {@code visibleLength} bytes.
     *
     * @param visibleLength the size of the C buffer; may exceed the array, whose end then also bounds reads
     */
    public FdtView(byte[] bytes, int visibleLength) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        if (visibleLength < 0) {
            throw new IllegalArgumentException("negative visible length " + visibleLength);
        }
        this.limit = Math.min(visibleLength, bytes.length);
    }

    /** A view whose real buffer is the whole array. */
    public static FdtView of(byte[] bytes) {
        return new FdtView(bytes, bytes.length);
    }

    /** Whether every byte of {@code [offset, offset + length)} lies in the real buffer. */
    public boolean inBounds(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= limit && length <= limit - offset;
    }

    /** The unsigned byte at {@code offset}, or 0 (counted) outside the buffer. */
    public int u8(long offset) {
        if (offset >= 0 && offset < limit) {
            return bytes[(int) offset] & 0xff;
        }
        countOutOfBounds(offset, 1);
        return 0;
    }

    /** The big-endian 32-bit word at {@code offset} (raw bits, unsigned in C); bytes outside read as 0. */
    public int u32(long offset) {
        if (offset >= 0 && offset <= limit - 4L) {
            int i = (int) offset;
            return (bytes[i] & 0xff) << 24 | (bytes[i + 1] & 0xff) << 16 | (bytes[i + 2] & 0xff) << 8
                    | (bytes[i + 3] & 0xff);
        }
        return u8(offset) << 24 | u8(offset + 1) << 16 | u8(offset + 2) << 8 | u8(offset + 3);
    }

    /** The big-endian 64-bit word at {@code offset}; bytes outside read as 0. */
    public long u64(long offset) {
        return (long) u32(offset) << 32 | (u32(offset + 4) & 0xffffffffL);
    }

    /** A copy of {@code length} bytes from {@code offset}; bytes outside read as 0 and are counted. */
    public byte[] read(long offset, int length) {
        byte[] out = new byte[length];
        if (inBounds(offset, length)) {
            System.arraycopy(bytes, (int) offset, out, 0, length);
        } else {
            for (int i = 0; i < length; i++) {
                out[i] = (byte) u8(offset + i);
            }
        }
        return out;
    }

    /**
     * The length of the NUL-terminated string at {@code offset}, reading as C's {@code strlen} does; a byte
     * outside the buffer reads as the terminating zero.
     */
    public int strlen(long offset) {
        int n = 0;
        while (u8(offset + n) != 0) {
            n++;
        }
        return n;
    }

    /** The NUL-terminated string at {@code offset}, one char per byte (ISO-8859-1), read as {@link #strlen}. */
    public String cString(long offset) {
        return new String(read(offset, strlen(offset)), StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads {@code readLength} bytes of a property value the way C code dereferencing libfdt's pointer does.
     * Bytes past the property's {@code declaredLength} are counted as out-of-bounds reads even where the buffer
     * has them; the returned bytes are what the pointer sees (the following buffer bytes, or 0 past the buffer).
     *
     * @param declaredLength the length libfdt reported; a negative error code declares no bytes
     */
    public byte[] readAsC(long offset, int declaredLength, int readLength) {
        byte[] out = new byte[readLength];
        for (int i = 0; i < readLength; i++) {
            long at = offset + i;
            boolean inBuffer = at >= 0 && at < limit;
            if (i >= declaredLength && inBuffer) {
                countOutOfBounds(at, 1);
            }
            out[i] = (byte) u8(at);
        }
        return out;
    }

    /**
     * Reads a big-endian 32-bit word from a property value of {@code declaredLength} bytes as C's
     * {@code fdt32_to_cpu(*(fdt32_t *)prop)} does, counting bytes past the declared length.
     */
    public int u32AsC(long offset, int declaredLength) {
        byte[] b = readAsC(offset, declaredLength, 4);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Reads a big-endian 64-bit word from a property value as {@link #u32AsC} does. */
    public long u64AsC(long offset, int declaredLength) {
        byte[] b = readAsC(offset, declaredLength, 8);
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    /** The size of the real buffer: reads at this offset and beyond are out of bounds. */
    public int length() {
        return limit;
    }

    /** How many bytes were read out of bounds since creation or the last reset. */
    public long outOfBoundsReads() {
        return outOfBoundsReads;
    }

    /** The offset of the first out-of-bounds byte read since creation or the last reset, or -1 if none. */
    public long firstOutOfBoundsOffset() {
        return firstOutOfBoundsOffset;
    }

    /** Whether any byte was read out of bounds since creation or the last reset. */
    public boolean readOutOfBounds() {
        return outOfBoundsReads != 0;
    }

    /** Forgets the out-of-bounds reads counted so far. */
    public void resetOutOfBoundsReads() {
        outOfBoundsReads = 0;
        firstOutOfBoundsOffset = -1;
    }

    private void countOutOfBounds(long offset, int n) {
        if (outOfBoundsReads == 0) {
            firstOutOfBoundsOffset = offset;
        }
        outOfBoundsReads += n;
    }
}
