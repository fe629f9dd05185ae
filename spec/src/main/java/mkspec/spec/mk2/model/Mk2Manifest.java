package mkspec.spec.mk2.model;

import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Fp;

/**
 * What a manifest ([MF14] mk_manifest_finalize, the boot tree in the image's 16 KiB manifest page) means to the
 * spawned kernel that boots from it. One sealed family: a boot tree the spawn can read, one whose writing stopped,
 * or a finished tree the spawn cannot use.
 */
public sealed interface Mk2Manifest {

    long fingerprint(long h);

    /**
     * A finished boot tree, compatible "multikernel-v1", with a {@code model} and a 4-byte {@code id}: what it tells
     * the spawned kernel.
     *
     * @param id the root's {@code id}
     * @param name the root's {@code model}
     * @param cpus {@code /resources/cpus}
     * @param memoryBase {@code /resources/memory-base} in pages (the first region's first page), 0 when absent
     * @param memoryPages {@code /resources/memory-bytes} in pages (the sum of the regions), 0 when absent
     */
    record Told(int id, String name, CpuSet cpus, long memoryBase, long memoryPages) implements Mk2Manifest {
        @Override
        public long fingerprint(long h) {
            return cpus.fingerprint(Fp.mix(Fp.mix(Fp.mix(Fp.mix(h, id), name), memoryBase), memoryPages));
        }
    }

    /**
     * The writer stopped before {@code fdt_finish} (no room in MK_MANIFEST_SIZE, or more than MK_RESERVED_PAIRS
     * reserved ranges): the page holds a tree still in libfdt's sequential-write state, which no reader accepts.
     */
    record Unfinished() implements Mk2Manifest {
        @Override
        public long fingerprint(long h) {
            return Fp.mix(h, 0x5e1f);
        }
    }

    /** A finished tree that is not a boot tree: a bad header, not multikernel-v1, no model, or an id not 4 bytes. */
    record Malformed() implements Mk2Manifest {
        @Override
        public long fingerprint(long h) {
            return Fp.mix(h, 0xbad);
        }
    }
}
