package mkspec.reference.fdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FdtViewTest {

    private static final byte[] BYTES = {1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void bytesInsideTheVisibleBufferAreReadWithoutCounting() {
        FdtView v = new FdtView(BYTES, 6);
        assertEquals(0x01020304, v.u32(0));
        assertEquals(0x0506, v.u8(4) << 8 | v.u8(5));
        assertArrayEquals(new byte[] {2, 3, 4}, v.read(1, 3));
        assertFalse(v.readOutOfBounds());
        assertEquals(-1, v.firstOutOfBoundsOffset());
    }

    @Test
    void bytesPastTheVisibleLengthReadAsZeroAndAreCounted() {
        FdtView v = new FdtView(BYTES, 6);
        assertEquals(0x05060000, v.u32(4), "bytes 6 and 7 exist in the array but not in the buffer");
        assertEquals(2, v.outOfBoundsReads());
        assertEquals(6, v.firstOutOfBoundsOffset());
        assertEquals(0, v.u8(7));
        assertEquals(3, v.outOfBoundsReads());
        assertEquals(6, v.firstOutOfBoundsOffset(), "the first offending offset is kept");
        v.resetOutOfBoundsReads();
        assertEquals(0, v.outOfBoundsReads());
        assertEquals(-1, v.firstOutOfBoundsOffset());
    }

    @Test
    void anyIndexAtAllReadsWithoutThrowing() {
        FdtView v = new FdtView(BYTES, 100);
        assertEquals(0, v.u8(-1));
        assertEquals(0, v.u32(Long.MAX_VALUE - 1));
        assertEquals(0, v.u8(8), "a visible length past the array is bounded by the array");
        assertEquals(6, v.outOfBoundsReads());
        assertEquals(0, v.strlen(8), "a string past the end is empty");
    }

    @Test
    void readingMorePropertyBytesThanDeclaredCountsTheExcessButSeesTheBuffer() {
        FdtView v = FdtView.of(BYTES);
        assertArrayEquals(new byte[] {3, 4, 5, 6}, v.readAsC(2, 2, 4), "what the C pointer sees");
        assertEquals(2, v.outOfBoundsReads(), "bytes 5 and 6 lie past the 2-byte property");
        assertEquals(4, v.firstOutOfBoundsOffset());
        v.resetOutOfBoundsReads();
        assertEquals(0x0708_0000, v.u32AsC(6, 4), "past the buffer the bytes are zero");
        assertEquals(2, v.outOfBoundsReads(), "each byte past the buffer counts once");
        v.resetOutOfBoundsReads();
        assertEquals(0x01020304, v.u32AsC(0, 4));
        assertFalse(v.readOutOfBounds());
        assertEquals(0x0102030405060708L, v.u64AsC(0, 8));
        assertFalse(v.readOutOfBounds());
        v.u32AsC(0, -Libfdt.FDT_ERR_NOTFOUND);
        assertEquals(4, v.outOfBoundsReads(), "an error length declares no bytes");
    }

    @Test
    void boundsAreReportedWithoutReading() {
        FdtView v = new FdtView(BYTES, 6);
        assertTrue(v.inBounds(0, 6));
        assertFalse(v.inBounds(1, 6));
        assertFalse(v.inBounds(-1, 1));
        assertFalse(v.readOutOfBounds());
    }
}
