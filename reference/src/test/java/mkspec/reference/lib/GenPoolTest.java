package mkspec.reference.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mkspec.reference.KernelBug;
import org.junit.jupiter.api.Test;

/**
 * lib/genalloc.c as the multikernel pools use it, against addresses computed by hand: newest chunk
 * first, first fit, avail skipping, alignment against the chunk's physical start, and the BUG sites.
 */
class GenPoolTest {
    static final long P = 4096;
    static final long A = 0x1000_0000L;
    static final long B = 0x2000_0000L;

    static GenPool pool() {
        return new GenPool(12);
    }

    static List<Long> starts(GenPool p) {
        return p.chunks().stream().map(GenPool.Chunk::startAddr).toList();
    }

    @Test
    void theNewestChunkIsSearchedFirst() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        p.gen_pool_add(B, 4 * P);
        assertEquals(List.of(B, A), starts(p));
        assertEquals(B, p.gen_pool_alloc(P));
        assertEquals(B + P, p.gen_pool_alloc(P));
    }

    @Test
    void firstFitTakesTheLowestHoleThatFits() {
        GenPool p = pool();
        p.gen_pool_add(A, 8 * P);
        assertEquals(A, p.gen_pool_alloc(P));
        assertEquals(A + P, p.gen_pool_alloc(2 * P));
        assertEquals(A + 3 * P, p.gen_pool_alloc(P));
        p.gen_pool_free(A + P, 2 * P);
        assertEquals(A + P, p.gen_pool_alloc(P), "the freed hole, lowest first");
        assertEquals(A + 4 * P, p.gen_pool_alloc(2 * P), "the one page left at A+2P is too small");
        assertEquals(A + 2 * P, p.gen_pool_alloc(P));
    }

    @Test
    void aSizeRoundsUpToWholeAllocationUnits() {
        GenPool p = pool();
        p.gen_pool_add(A, 8 * P);
        assertEquals(A, p.gen_pool_alloc(5000));
        assertEquals(6 * P, p.gen_pool_avail());
        assertEquals(A + 2 * P, p.gen_pool_alloc(1));
        assertTrue(p.isAllocated(A, 2 * P));
    }

    @Test
    void aNewerChunkWithTooLittleAvailIsSkipped() {
        GenPool p = pool();
        p.gen_pool_add(A, 8 * P);
        p.gen_pool_add(B, 2 * P);
        assertEquals(A, p.gen_pool_alloc(3 * P));
        assertEquals(2 * P, p.chunks().get(0).avail());
        assertEquals(5 * P, p.chunks().get(1).avail());
    }

    @Test
    void aNewerChunkWithEnoughAvailButNoRunIsPassedOver() {
        GenPool p = pool();
        p.gen_pool_add(A, 8 * P);
        p.gen_pool_add(B, 4 * P);
        for (int i = 0; i < 4; i++) {
            assertEquals(B + i * P, p.gen_pool_alloc(P));
        }
        p.gen_pool_free(B, P);
        p.gen_pool_free(B + 2 * P, P);
        assertEquals(2 * P, p.chunks().get(0).avail());
        assertEquals(A, p.gen_pool_alloc(2 * P));
    }

    @Test
    void alignmentIsCountedFromThePhysicalAddressNotFromTheChunkStart() {
        GenPool p = pool();
        p.gen_pool_add(A + P, 8 * P); // starts at an odd page
        // Aligned to bit 0 of the chunk this would be A+P itself; against the address it is A+2P.
        assertEquals(A + 2 * P, p.gen_pool_alloc_first_fit_align(P, 2 * P));
        assertEquals(A + 4 * P, p.gen_pool_alloc_first_fit_align(P, 4 * P));
        assertEquals(A + P, p.gen_pool_alloc(P), "plain first fit still takes the skipped page");
    }

    @Test
    void anAlignmentThatDoesNotFitTheChunkFails() {
        GenPool p = pool();
        p.gen_pool_add(A + P, 4 * P); // [A+P, A+5P)
        assertEquals(0, p.gen_pool_alloc_first_fit_align(2 * P, 4 * P), "A+4P leaves only one page");
        assertEquals(4 * P, p.gen_pool_avail());
        assertEquals(A + 4 * P, p.gen_pool_alloc_first_fit_align(P, 4 * P));
    }

    @Test
    void alignmentAndRunsCrossBitmapWords() {
        GenPool p = pool();
        p.gen_pool_add(A + P, 300 * P);
        // 256 KiB alignment: A + 64 pages, which is bit 63 of the chunk's bitmap.
        assertEquals(A + 64 * P, p.gen_pool_alloc_first_fit_align(70 * P, 64 * P));
        assertEquals(A + P, p.gen_pool_alloc(63 * P));
        assertEquals(A + 134 * P, p.gen_pool_alloc(P), "the first page after the 70-page run");
        assertEquals(300 * P - 134 * P, p.gen_pool_avail());
    }

    @Test
    void aRequestNoChunkCanHoldReturnsZeroAndChangesNothing() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        assertEquals(0, p.gen_pool_alloc(5 * P));
        assertEquals(0, p.gen_pool_alloc(0));
        assertEquals(4 * P, p.gen_pool_avail());
        assertEquals(4 * P, p.gen_pool_size());
    }

    @Test
    void freeingAnAddressInNoChunkIsABug() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        KernelBug bug = assertThrows(KernelBug.class, () -> p.gen_pool_free(B, P));
        assertEquals("gen_pool_free BUG()", bug.site());
    }

    @Test
    void aDoubleFreeIsABug() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        long a = p.gen_pool_alloc(P);
        p.gen_pool_free(a, P);
        KernelBug bug = assertThrows(KernelBug.class, () -> p.gen_pool_free(a, P));
        assertEquals("gen_pool_free BUG_ON(remain)", bug.site());
    }

    @Test
    void aFreeRunningPastTheChunkEndIsABug() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        p.gen_pool_alloc(4 * P);
        KernelBug bug = assertThrows(KernelBug.class, () -> p.gen_pool_free(A + 3 * P, 2 * P));
        assertEquals("gen_pool_free BUG_ON(addr + size - 1 > chunk->end_addr)", bug.site());
    }

    @Test
    void destroyingAPoolWithAnAllocationIsABug() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        p.gen_pool_add(B, 4 * P);
        p.gen_pool_alloc(P);
        assertEquals(A, p.gen_pool_alloc(4 * P - 1), "B has too little avail left");
        p.gen_pool_free(B, P);
        KernelBug bug = assertThrows(KernelBug.class, p::gen_pool_destroy);
        assertEquals("gen_pool_destroy BUG_ON(bit < end_bit)", bug.site());
        assertTrue(bug.getMessage().contains("0x10000000"), bug.getMessage());
        assertFalse(p.destroyed());
    }

    @Test
    void destroyingAnEmptyPoolDropsItsChunks() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        p.gen_pool_free(p.gen_pool_alloc(2 * P), 2 * P);
        p.gen_pool_destroy();
        assertTrue(p.destroyed());
        assertEquals(List.of(), p.chunks());
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        GenPool c = p.copy();
        assertEquals(A, c.gen_pool_alloc(P));
        assertEquals(4 * P, p.gen_pool_avail());
        assertEquals(A, p.gen_pool_alloc(P), "the original's bitmap is untouched");
        assertEquals(c.stateHash(1), p.stateHash(1), "the same allocation on both sides gives the same state");
    }

    @Test
    void containsAndIsAllocatedAnswerPerChunk() {
        GenPool p = pool();
        p.gen_pool_add(A, 4 * P);
        p.gen_pool_alloc(2 * P);
        assertTrue(p.contains(A + 4 * P - 1));
        assertFalse(p.contains(A + 4 * P));
        assertTrue(p.isAllocated(A, 2 * P));
        assertFalse(p.isAllocated(A, 3 * P));
        assertFalse(p.isAllocated(A + 3 * P, 2 * P), "a range past the chunk is in no chunk");
    }
}
