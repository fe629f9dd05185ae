package mkspec.spec.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The abstract state of a host running the multikernel code: what every invariant talks about,
 * and nothing the invariants cannot see (no FDT bytes, no bitmaps, no struct addresses).
 *
 * @param poolFree the pages of the global multikernel pool not handed to any instance
 * @param instances the registered instances, in mk_instance_list order
 * @param plain the plain kexec image in the kexec_image slot, if any
 * @param spawned the kernels exec started, in order
 * @param online the host CPUs that are online
 * @param rebootLockHeld system_transition_mutex is held between calls (nobody will release it)
 * @param fdtReadOutOfBounds ghost: the first read of an FDT past its buffer or a declared length, described (which
 *     reader, which byte of how large a buffer), if there was one
 * @param crashed the BUG site the host crashed at, if it did
 * @param freedReads ghost: the instances whose struct a read reached after mk_instance_release() had freed it
 *     (only calls that interleave can do that), in order
 */
public record MkState(RangeSet poolFree, List<Instance> instances, Optional<PlainImage> plain,
                      List<Spawned> spawned, CpuSet online, boolean rebootLockHeld,
                      Optional<String> fdtReadOutOfBounds, Optional<String> crashed, List<String> freedReads) {

    public MkState {
        instances = List.copyOf(instances);
        spawned = List.copyOf(spawned);
        freedReads = List.copyOf(freedReads);
    }

    /** A state in which no freed struct was read. */
    public MkState(RangeSet poolFree, List<Instance> instances, Optional<PlainImage> plain, List<Spawned> spawned,
                   CpuSet online, boolean rebootLockHeld, Optional<String> fdtReadOutOfBounds, Optional<String> crashed) {
        this(poolFree, instances, plain, spawned, online, rebootLockHeld, fdtReadOutOfBounds, crashed, List.of());
    }

    /** The initial state (Init): an empty pool, no instances, every CPU online. */
    public static MkState init(Platform p) {
        return new MkState(p.poolPages(), List.of(), Optional.empty(), List.of(), CpuSet.range(p.cpus()),
            false, Optional.empty(), Optional.empty());
    }

    /** The registered instance with this id, if any. */
    public Optional<Instance> byId(int id) {
        for (Instance i : instances) {
            if (i.id() == id) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The registered instance with this name, if any. */
    public Optional<Instance> byName(String name) {
        for (Instance i : instances) {
            if (i.name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The last kernel started for {@code mkId}, by index, or -1. */
    public int lastSpawned(int mkId) {
        for (int i = spawned.size() - 1; i >= 0; i--) {
            if (spawned.get(i).mkId() == mkId) {
                return i;
            }
        }
        return -1;
    }

    public MkState withPoolFree(RangeSet s) {
        return new MkState(s, instances, plain, spawned, online, rebootLockHeld, fdtReadOutOfBounds, crashed, freedReads);
    }

    public MkState withInstances(List<Instance> s) {
        return new MkState(poolFree, s, plain, spawned, online, rebootLockHeld, fdtReadOutOfBounds, crashed, freedReads);
    }

    /** This state with the instance of the same id replaced by {@code i}. */
    public MkState withInstance(Instance i) {
        List<Instance> s = new ArrayList<>(instances);
        for (int k = 0; k < s.size(); k++) {
            if (s.get(k).id() == i.id() && s.get(k).name().equals(i.name())) {
                s.set(k, i);
                return withInstances(s);
            }
        }
        throw new IllegalArgumentException("no instance " + i.name());
    }

    public MkState withPlain(Optional<PlainImage> p) {
        return new MkState(poolFree, instances, p, spawned, online, rebootLockHeld, fdtReadOutOfBounds, crashed, freedReads);
    }

    public MkState withSpawned(List<Spawned> s) {
        return new MkState(poolFree, instances, plain, s, online, rebootLockHeld, fdtReadOutOfBounds, crashed, freedReads);
    }

    public MkState withOnline(CpuSet c) {
        return new MkState(poolFree, instances, plain, spawned, c, rebootLockHeld, fdtReadOutOfBounds, crashed, freedReads);
    }

    public MkState withRebootLockHeld(boolean held) {
        return new MkState(poolFree, instances, plain, spawned, online, held, fdtReadOutOfBounds, crashed, freedReads);
    }

    /** This state with the ghost variables reset: what failed-op-atomic compares. */
    public MkState withoutGhosts() {
        return new MkState(poolFree, instances, plain, spawned, online, rebootLockHeld, Optional.empty(), crashed, List.of());
    }

    /** A 64-bit fingerprint: equal states have equal fingerprints. */
    public long fingerprint() {
        long h = poolFree.fingerprint(0x6d6b7370L);
        for (Instance i : instances) {
            h = i.fingerprint(h);
        }
        h = Fp.mix(h, instances.size());
        h = plain.isPresent() ? plain.get().fingerprint(h) : Fp.mix(h, 0x9);
        for (Spawned s : spawned) {
            h = s.fingerprint(h);
        }
        h = Fp.mix(h, spawned.size());
        h = online.fingerprint(h);
        h = Fp.mix(h, (rebootLockHeld ? 1 : 0) + (fdtReadOutOfBounds.isPresent() ? 2 : 0));
        h = fdtReadOutOfBounds.isPresent() ? Fp.mix(h, fdtReadOutOfBounds.get()) : h;
        h = Fp.mix(h, crashed.isPresent() ? crashed.get().hashCode() : 0);
        for (String name : freedReads) {
            h = Fp.mix(h, 0x756166 + name.hashCode()); // only when some read was: a state hashes as it always did
        }
        return h;
    }
}
