package mkspec.spec.mk2.model;

import java.util.List;
import java.util.Optional;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Fp;
import mkspec.spec.model.RangeSet;

/**
 * The abstract state of an mk2 host, in pages and CPU numbers.
 *
 * @param poolExists whether a baseline has created {@code mk_pool} ([BL] mk_baseline_validate_and_initialize)
 * @param chunks the pages of the runtime pool's chunks ([ME] mk_pool_mem_grow)
 * @param free the chunk pages no gen_pool allocation holds
 * @param freeCpus the CPUs in {@code mk_pool->cpus}: offlined, parked, given to no instance
 * @param hostCpus the CPUs the host kernel runs on
 * @param instances every instance record not yet released, in creation order
 * @param images every kimage not yet freed, in creation order
 * @param txs the overlay transactions on the tx list, in creation order
 * @param nextTx the id the next overlay write gets ({@code mk_overlay_next_id} + 1)
 * @param hostPages the host buddy pages kexec holds (manifests, IPI rings, control pages, crash segments)
 * @param spawns the ghost of every spawned kernel that runs: what it was started on
 * @param pendingHalted the ids of the MK_SYS_HALTED messages the host's workqueue has not handled yet, oldest first
 * @param bug the kernel BUG or oops the host hit, if any: no step follows it
 */
public record Mk2State(boolean poolExists, RangeSet chunks, RangeSet free, CpuSet freeCpus, CpuSet hostCpus,
                       List<Mk2Instance> instances, List<Mk2Image> images, List<Mk2Tx> txs, int nextTx,
                       long hostPages, List<Mk2Spawn> spawns, List<Integer> pendingHalted,
                       Optional<String> bug) {

    public Mk2State {
        instances = List.copyOf(instances);
        images = List.copyOf(images);
        txs = List.copyOf(txs);
        spawns = List.copyOf(spawns);
        pendingHalted = List.copyOf(pendingHalted);
    }

    /** Before any baseline: no pool, every CPU the host's, nothing else ([KF14] mk_kernfs_init; the first tx is 2). */
    public static Mk2State init(Mk2Platform p) {
        return new Mk2State(false, RangeSet.EMPTY, RangeSet.EMPTY, CpuSet.EMPTY, CpuSet.range(p.cpus()), List.of(),
            List.of(), List.of(), 2, 0, List.of(), List.of(), Optional.empty());
    }

    /**
     * The state with records numbered 1, 2, ... and images 1, 2, ... in creation order, every reference to them
     * renumbered alike, and a reference to a freed object as -1: two states that differ only in how many objects
     * were made and freed on the way are the same state.
     */
    public Mk2State normalized() {
        java.util.Map<Integer, Integer> rec = new java.util.HashMap<>();
        for (Mk2Instance i : instances) {
            rec.put(i.serial(), rec.size() + 1);
        }
        java.util.Map<Integer, Integer> img = new java.util.HashMap<>();
        for (Mk2Image m : images) {
            img.put(m.serial(), img.size() + 1);
        }
        java.util.function.IntUnaryOperator r = k -> k == 0 ? 0 : rec.getOrDefault(k, -1);
        java.util.function.IntUnaryOperator g = k -> k == 0 ? 0 : img.getOrDefault(k, -1);
        List<Mk2Instance> is = new java.util.ArrayList<>();
        for (Mk2Instance i : instances) {
            is.add(new Mk2Instance(r.applyAsInt(i.serial()), i.name(), i.id(), i.state(), i.published(), i.kn(),
                i.refs(), i.cpus(), i.regions(), i.poolChunks(), i.used(), g.applyAsInt(i.kimage()), i.hostTreeBytes()));
        }
        List<Mk2Image> ms = new java.util.ArrayList<>();
        for (Mk2Image m : images) {
            ms.add(new Mk2Image(g.applyAsInt(m.serial()), r.applyAsInt(m.instance()), m.crash(), m.onList(),
                m.segments(), m.hostPages()));
        }
        List<Mk2Tx> ts = new java.util.ArrayList<>();
        for (Mk2Tx t : txs) {
            List<Mk2Tx.Effect> es = new java.util.ArrayList<>();
            for (Mk2Tx.Effect e : t.effects()) {
                es.add(e.renumbered(r));
            }
            ts.add(new Mk2Tx(t.id(), t.applied(), es));
        }
        List<Mk2Spawn> ss = new java.util.ArrayList<>();
        for (Mk2Spawn k : spawns) {
            ss.add(k.renumbered(r.applyAsInt(k.instance()), g.applyAsInt(k.image())));
        }
        return new Mk2State(poolExists, chunks, free, freeCpus, hostCpus, is, ms, ts, nextTx, hostPages, ss,
            pendingHalted, bug);
    }

    /** The published instance with this id ({@code mk_instance_find}). */
    public Optional<Mk2Instance> byId(int id) {
        return instances.stream().filter(i -> i.published() && i.id() == id).findFirst();
    }

    /** The published instance with this name ({@code mk_instance_find_by_name}). */
    public Optional<Mk2Instance> byName(String name) {
        return instances.stream().filter(i -> i.published() && i.name().equals(name)).findFirst();
    }

    /** The record with this serial, published or not. */
    public Optional<Mk2Instance> bySerial(int serial) {
        return instances.stream().filter(i -> i.serial() == serial).findFirst();
    }

    /** The live image with this serial. */
    public Optional<Mk2Image> image(int serial) {
        return images.stream().filter(i -> i.serial() == serial).findFirst();
    }

    /** The spawned kernel running on the record with this serial. */
    public Optional<Mk2Spawn> spawnOn(int serial) {
        return spawns.stream().filter(s -> s.instance() == serial).findFirst();
    }

    /** The transaction with this id on the tx list. */
    public Optional<Mk2Tx> tx(int id) {
        return txs.stream().filter(t -> t.id() == id).findFirst();
    }

    /** The pool pages some gen_pool allocation holds. */
    public RangeSet allocated() {
        return chunks.minus(free);
    }

    public long fingerprint() {
        long h = Fp.mix(poolExists ? 1 : 0, nextTx);
        h = chunks.fingerprint(h);
        h = free.fingerprint(h);
        h = freeCpus.fingerprint(h);
        h = hostCpus.fingerprint(h);
        for (Mk2Instance i : instances) {
            h = i.fingerprint(h);
        }
        for (Mk2Image i : images) {
            h = i.fingerprint(h);
        }
        for (Mk2Tx t : txs) {
            h = t.fingerprint(h);
        }
        for (Mk2Spawn s : spawns) {
            h = s.fingerprint(h);
        }
        h = Fp.mix(Fp.mix(h, hostPages), pendingHalted.hashCode());
        return Fp.mix(h, bug.orElse(""));
    }
}
