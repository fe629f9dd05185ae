package mkspec.reference.kernel.multikernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mkspec.reference.KernelBug;
import mkspec.reference.lib.GenPool;
import org.junit.jupiter.api.Test;

/**
 * kernel/multikernel/mem.c [P06]: the global pool and multikernel_create_instance_pool()'s chunk
 * fallback (whole remainder, then 1 MiB, 256 KiB, one page), with exact chunk addresses.
 */
class MultikernelPoolTest {
    static final long P = 4096;
    static final long K = 1024;
    static final long M = 1024 * K;
    static final long G = 0x4000_0000L;

    static List<long[]> chunks(GenPool p) {
        return p.chunks().stream().map(c -> new long[] {c.startAddr(), c.size()}).toList();
    }

    static void assertChunks(List<long[]> expected, GenPool p) {
        List<long[]> actual = chunks(p);
        assertEquals(expected.size(), actual.size(), "chunk count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Long.toHexString(expected.get(i)[0]), Long.toHexString(actual.get(i)[0]), "start of chunk " + i);
            assertEquals(expected.get(i)[1], actual.get(i)[1], "size of chunk " + i);
        }
    }

    /**
     * A 4 MiB pool at 1 GiB whose free holes are 1 MiB at G, 256 KiB at G+1M+4K and single pages at
     * G+1M+264K and G+1M+272K.
     */
    static MultikernelPool fragmented() {
        MultikernelPool pool = new MultikernelPool(G, 4 * M, 12);
        long a = pool.multikernel_alloc(M);
        assertEquals(G + M, pool.multikernel_alloc(P));
        long b = pool.multikernel_alloc(256 * K);
        assertEquals(G + M + 260 * K, pool.multikernel_alloc(P));
        long c = pool.multikernel_alloc(P);
        assertEquals(G + M + 268 * K, pool.multikernel_alloc(P));
        long d = pool.multikernel_alloc(P);
        long rest = 4 * M - M - 256 * K - 5 * P;
        assertEquals(G + M + 276 * K, pool.multikernel_alloc(rest));
        assertEquals(List.of(G, G + M + 4 * K, G + M + 264 * K, G + M + 272 * K), List.of(a, b, c, d));
        pool.multikernel_free(a, M);
        pool.multikernel_free(b, 256 * K);
        pool.multikernel_free(c, P);
        pool.multikernel_free(d, P);
        assertEquals(M + 256 * K + 2 * P, pool.genPool().gen_pool_avail());
        return pool;
    }

    @Test
    void aContiguousRequestIsOneChunkAtTheFirstFit() {
        MultikernelPool pool = new MultikernelPool(G, 4 * M, 12);
        GenPool inst = pool.multikernel_create_instance_pool(1, 2 * M, 12);
        assertChunks(List.of(new long[] {G, 2 * M}), inst);
        assertEquals(2 * M, pool.genPool().gen_pool_avail());
        assertEquals(12, inst.minAllocOrder());
    }

    @Test
    void aFragmentedPoolGivesOneMegabyteThen256KThenSinglePagesNewestFirst() {
        MultikernelPool pool = fragmented();
        GenPool inst = pool.multikernel_create_instance_pool(9, M + 256 * K + 2 * P, 12);
        assertChunks(List.of(
            new long[] {G + M + 272 * K, P},
            new long[] {G + M + 264 * K, P},
            new long[] {G + M + 4 * K, 256 * K},
            new long[] {G, M}), inst);
        assertEquals(0, pool.genPool().gen_pool_avail());
        assertEquals(M + 256 * K + 2 * P, inst.gen_pool_avail());
    }

    @Test
    void theOneMegabyteStepIsTakenOnlyWhenMoreThanOneMegabyteRemains() {
        MultikernelPool pool = new MultikernelPool(G, 2 * M, 12);
        long low = pool.multikernel_alloc(512 * K);
        assertEquals(G + 512 * K, pool.multikernel_alloc(512 * K));
        long high = pool.multikernel_alloc(512 * K);
        assertEquals(G + 1536 * K, pool.multikernel_alloc(512 * K));
        pool.multikernel_free(low, 512 * K);
        pool.multikernel_free(high, 512 * K);
        // 1 MiB: whole fails, no 1 MiB step (not more than 1 MiB), 256K at G; 768K: 256K at G+256K;
        // 512K: whole at G+1M.
        GenPool inst = pool.multikernel_create_instance_pool(1, M, 12);
        assertChunks(List.of(
            new long[] {G + M, 512 * K},
            new long[] {G + 256 * K, 256 * K},
            new long[] {G, 256 * K}), inst);
    }

    @Test
    void aRequestTheFreePagesCannotCoverGivesEveryChunkBack() {
        MultikernelPool pool = fragmented();
        long before = pool.stateHash(7);
        assertNull(pool.multikernel_create_instance_pool(9, M + 256 * K + 3 * P, 12));
        assertEquals(M + 256 * K + 2 * P, pool.genPool().gen_pool_avail());
        assertEquals(before, pool.stateHash(7), "the same bitmaps as before");
    }

    @Test
    void noPoolParameterMeansNoPool() {
        MultikernelPool pool = new MultikernelPool(0, 0, 12);
        assertFalse(pool.multikernel_pool_available());
        assertNull(pool.genPool());
        assertEquals(0, pool.multikernel_alloc(P));
        assertNull(pool.multikernel_create_instance_pool(1, P, 12));
    }

    @Test
    void freeingAddressZeroIsIgnored() {
        MultikernelPool pool = new MultikernelPool(G, 4 * P, 12);
        pool.multikernel_free(0, P);
        MultikernelPool.multikernel_instance_free(pool.genPool(), 0, P);
        assertEquals(4 * P, pool.genPool().gen_pool_avail());
    }

    @Test
    void destroyingAnInstancePoolReturnsItsChunksThenHitsTheBugIfAnythingIsStillAllocated() {
        MultikernelPool pool = new MultikernelPool(G, 16 * P, 12);
        GenPool inst = pool.multikernel_create_instance_pool(1, 4 * P, 12);
        assertEquals(G, MultikernelPool.multikernel_instance_alloc(inst, P, 0));
        KernelBug bug = assertThrows(KernelBug.class, () -> pool.multikernel_destroy_instance_pool(inst));
        assertEquals("gen_pool_destroy BUG_ON(bit < end_bit)", bug.site());
        assertEquals(16 * P, pool.genPool().gen_pool_avail());
    }

    @Test
    void destroyingAnEmptyInstancePoolReturnsItsChunks() {
        MultikernelPool pool = new MultikernelPool(G, 16 * P, 12);
        GenPool inst = pool.multikernel_create_instance_pool(1, 4 * P, 12);
        long a = MultikernelPool.multikernel_instance_alloc(inst, P, 0);
        MultikernelPool.multikernel_instance_free(inst, a, P);
        pool.multikernel_destroy_instance_pool(inst);
        assertTrue(inst.destroyed());
        assertEquals(16 * P, pool.genPool().gen_pool_avail());
    }

    @Test
    void anInstanceAllocationAlignsToAtLeastOnePageAgainstThePhysicalAddress() {
        MultikernelPool pool = new MultikernelPool(G, 64 * P, 12);
        assertEquals(G, pool.multikernel_alloc(P));
        GenPool inst = pool.multikernel_create_instance_pool(1, 32 * P, 12); // starts at G+P
        assertEquals(G + P, MultikernelPool.multikernel_instance_alloc(inst, P, 1), "align <= 1 is plain first fit");
        assertEquals(G + 2 * P, MultikernelPool.multikernel_instance_alloc(inst, P, 16), "raised to one page");
        assertEquals(G + 16 * P, MultikernelPool.multikernel_instance_alloc(inst, P, 64 * K));
        assertEquals(0, MultikernelPool.multikernel_instance_alloc(null, P, 0), "no pool, no memory");
    }
}
