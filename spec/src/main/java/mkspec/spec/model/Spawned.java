package mkspec.spec.model;

import java.util.Optional;

/**
 * A kernel that an exec started on one of an instance's CPUs, with its handover FDT and, once it
 * has booted, what it restored. The kernel runs from then on: nothing in the modelled interface
 * stops it.
 *
 * @param mkId the id it was exec'd for
 * @param startedFor the instance it was started for, as it was at exec
 * @param cpu the CPU it was kicked on
 * @param handover the handover FDT as the host left it at exec
 * @param boot whether it has booted, and what happened to its handover until then
 */
public record Spawned(int mkId, Identity startedFor, int cpu, Handover handover, Boot boot) {

    /** Who a kernel was started for, or what one restored. */
    public record Identity(String name, int id, CpuSet cpus, long memoryBytes, RangeSet memory) {
        public long fingerprint(long h) {
            h = Fp.mix(h, name);
            h = Fp.mix(h, id);
            h = cpus.fingerprint(h);
            h = Fp.mix(h, memoryBytes);
            return memory.fingerprint(h);
        }
    }

    /**
     * The handover FDT written at exec.
     *
     * @param wellFormed a valid FDT with compatible "multikernel-v1" and /multikernel/dtb-data holding
     *     exactly the instance's DTB
     * @param needed the fdt_totalsize the whole handover FDT needs (its header, the root node and the embedded DTB)
     * @param bytes fdt_totalsize of what the page holds
     */
    public record Handover(boolean wellFormed, long needed, long bytes) {
        /** Whether the whole handover FDT fits its page: finalize did not run out of room. */
        public boolean fits(long pageSize) {
            return needed <= pageSize;
        }
    }

    /** What a spawned kernel restored: the instance's identity and whether it is registered there. */
    public record Restored(String name, int id, CpuSet cpus, long memoryBytes, boolean visible) {
    }

    /** Where a spawned kernel is in its life. */
    public sealed interface Boot {
        /** {@code h} mixed with this boot. */
        long fingerprint(long h);

        /** {@code c}'s case for this boot. */
        <R> R accept(Cases<R> c);

        /** One case per point in a kernel's life, so that a handler is exhaustive by construction. */
        interface Cases<R> {
            R notBooted(NotBooted b);

            R booted(Booted b);
        }
    }

    /**
     * Not booted yet: its handover page must survive until it reads it.
     *
     * @param pageHeld the page is still allocated (not on a free list)
     * @param pageIntact the page still holds what exec wrote
     */
    public record NotBooted(boolean pageHeld, boolean pageIntact) implements Boot {
        public long fingerprint(long h) {
            return Fp.mix(h, 16 + (pageHeld ? 1 : 0) + (pageIntact ? 2 : 0));
        }

        public <R> R accept(Cases<R> c) {
            return c.notBooted(this);
        }
    }

    /**
     * Booted.
     *
     * @param readIntact both boot-time reads of the page saw what exec wrote
     * @param restored what mk_kho_restore_dtbs() recreated, if anything
     */
    public record Booted(boolean readIntact, Optional<Restored> restored) implements Boot {
        public long fingerprint(long h) {
            h = Fp.mix(h, 32 + (readIntact ? 1 : 0));
            if (restored.isEmpty()) {
                return Fp.mix(h, 0);
            }
            Restored r = restored.get();
            h = Fp.mix(h, r.name());
            h = Fp.mix(h, r.id());
            h = r.cpus().fingerprint(h);
            h = Fp.mix(h, r.memoryBytes());
            return Fp.mix(h, r.visible() ? 1 : 2);
        }

        public <R> R accept(Cases<R> c) {
            return c.booted(this);
        }
    }

    public boolean booted() {
        return boot instanceof Booted;
    }

    public Spawned withBoot(Boot b) {
        return new Spawned(mkId, startedFor, cpu, handover, b);
    }

    public long fingerprint(long h) {
        h = Fp.mix(h, mkId);
        h = startedFor.fingerprint(h);
        h = Fp.mix(h, cpu);
        h = Fp.mix(Fp.mix(h, handover.wellFormed() ? 1 : 0), handover.needed());
        h = Fp.mix(h, handover.bytes());
        return boot.fingerprint(h);
    }
}
