package mkspec.spec.mk2.action;

import java.util.List;

/**
 * What a user (or, for {@link SpawnHalts}, a spawned kernel) can do to an mk2 host: one system call or message
 * each. One sealed family, handled exhaustively by {@link Cases}.
 */
public sealed interface Mk2Action {

    /** The family, as coverage and traces name it, e.g. {@code overlay-write}. */
    String op();

    /** Calls the handler of this action's family in {@code c}. */
    <R> R accept(Cases<R> c);

    /**
     * A write of a baseline tree to the root {@code device_tree} ([KF14] root_device_tree_write, [BL]
     * mk_baseline_validate_and_initialize): {@code /resources { cpus; memory@N { size; } }}.
     *
     * @param cpus the CPUs {@code cpus} lists; empty: no {@code cpus} property
     * @param memoryPages the {@code size} of each {@code memory@} node, in pages
     */
    record BaselineWrite(List<Long> cpus, List<Long> memoryPages) implements Mk2Action {
        public BaselineWrite {
            cpus = List.copyOf(cpus);
            memoryPages = List.copyOf(memoryPages);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.baselineWrite(this);
        }

        @Override
        public String op() {
            return "baseline-write";
        }
    }

    /** A write of an overlay blob to {@code overlays/new} ([OV14] mk_overlay_new_write), one fragment per op. */
    record OverlayWrite(List<Mk2Op> ops) implements Mk2Action {
        public OverlayWrite {
            ops = List.copyOf(ops);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.overlayWrite(this);
        }

        @Override
        public String op() {
            return "overlay-write";
        }
    }

    /** {@code rmdir overlays/tx_<id>}: the transaction's rollback ([OV14] mk_overlay_rmdir). */
    record RmdirTx(int id) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.rmdirTx(this);
        }

        @Override
        public String op() {
            return "rmdir-tx";
        }
    }

    /**
     * {@code kexec_file_load(KEXEC_MULTIKERNEL | KEXEC_MK_ID(id) [| KEXEC_FILE_ON_CRASH])} ([XF] SYSCALL).
     *
     * @param id the id the caller encodes; {@code KEXEC_MK_ID} keeps its low 11 bits (N17)
     * @param segmentPages the page count of each segment the image loader adds, in order
     * @param fault where the load is made to fail, if anywhere
     */
    record Load(long id, List<Long> segmentPages, Mk2LoadFault fault, boolean onCrash) implements Mk2Action {
        public Load {
            segmentPages = List.copyOf(segmentPages);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.load(this);
        }

        @Override
        public String op() {
            return "kexec-file-load";
        }
    }

    /** {@code kexec_file_load(KEXEC_FILE_UNLOAD | KEXEC_MULTIKERNEL | KEXEC_MK_ID(id))}. */
    record Unload(long id) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.unload(this);
        }

        @Override
        public String op() {
            return "kexec-file-unload";
        }
    }

    /**
     * {@code reboot(LINUX_REBOOT_CMD_MULTIKERNEL, &id)} ([XC] multikernel_kexec_by_id).
     *
     * @param spawnOk the outcome of {@code mk_arch_spawn_instance}, arch code the notes could not read: both are
     *     explored
     */
    record Exec(int id, boolean spawnOk) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.exec(this);
        }

        @Override
        public String op() {
            return "reboot-multikernel";
        }
    }

    /**
     * {@code reboot(LINUX_REBOOT_CMD_MULTIKERNEL_HALT, &id)} ([C14] multikernel_halt_by_id).
     *
     * @param acked whether the spawned kernel answers {@code MK_SYS_SHUTDOWN} within 30 s
     */
    record Halt(int id, boolean acked) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.halt(this);
        }

        @Override
        public String op() {
            return "reboot-multikernel-halt";
        }
    }

    /** {@code reboot(LINUX_REBOOT_CMD_MULTIKERNEL_HALT_FORCE, &id)} ([C14] multikernel_force_halt_by_id). */
    record ForceHalt(int id) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.forceHalt(this);
        }

        @Override
        public String op() {
            return "reboot-multikernel-halt-force";
        }
    }

    /**
     * The spawned kernel whose manifest gave it {@code id} halts on its own ([C14] mk_halt_to_pool): it sends
     * {@code MK_SYS_HALTED} naming its id and parks its CPUs; the host handles the message later ({@link HaltedWork}).
     */
    record SpawnHalts(int id) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.spawnHalts(this);
        }

        @Override
        public String op() {
            return "spawn-halts";
        }
    }

    /**
     * The host's workqueue runs {@code mk_halted_work_fn} for the oldest pending {@code MK_SYS_HALTED}
     * ([C14] mk_system_msg_handler defers it): between the message and the work, other calls can run.
     */
    record HaltedWork() implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.haltedWork(this);
        }

        @Override
        public String op() {
            return "halted-work";
        }
    }

    /**
     * The spawned kernel exec started under {@code id} writes an {@code instance-remove} overlay naming its own record
     * to its own {@code overlays/new} ([OV14] mk_overlay_new_write in the spawn, [KF14] mk_instance_destroy): a spawn
     * sees itself as a READY instance ([ID14] mk_instance_restore_from_manifest).
     */
    record SpawnRemovesSelf(int id) implements Mk2Action {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.spawnRemovesSelf(this);
        }

        @Override
        public String op() {
            return "spawn-instance-remove";
        }
    }

    /** One handler per family: what {@link #accept} dispatches to, so a new family cannot go unhandled. */
    interface Cases<R> {
        R baselineWrite(BaselineWrite a);

        R overlayWrite(OverlayWrite a);

        R rmdirTx(RmdirTx a);

        R load(Load a);

        R unload(Unload a);

        R exec(Exec a);

        R halt(Halt a);

        R forceHalt(ForceHalt a);

        R spawnHalts(SpawnHalts a);

        R haltedWork(HaltedWork a);

        R spawnRemovesSelf(SpawnRemovesSelf a);
    }

}
