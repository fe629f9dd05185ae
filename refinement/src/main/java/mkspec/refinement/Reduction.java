package mkspec.refinement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;

/**
 * The partial-order reduction of {@link ThreadedSystem}: a persistent (stubborn) set of moves per state, computed
 * from which objects each call's sections may read and write.
 *
 * <p><b>Footprints.</b> Each command of the catalogue has a footprint, the objects any of its sections may read or
 * write, whatever the state: an instance by name ({@code inst:web}: its struct, reference count, state, image and
 * pool), an idr slot ({@code id:1}), the instance list, the global pool, the CPUs, kexec_lock with the images, host
 * memory, the spawned kernels, system_transition_mutex, mk_instance_mutex, the parent directory's i_rwsem that rmdir holds, the FDT
 * read log, the freed-read ghost, and "the machine crashed" (written by a call that may BUG() under the profile,
 * read by every call, since a crashed machine refuses everything). Two commands conflict when one writes what the
 * other reads or writes; commands that do not conflict commute from every state: each leaves the other's objects
 * as they were, so each returns the same and the two orders end in the same machine. A lock's waiters conflict with
 * its holder through the lock's object, so one never enables or disables the other.
 *
 * <p><b>The set.</b> In a quiescent state every move is explored. In a state where some thread is inside a call,
 * the explored moves are: every thread's next section; and the starts, by a thread between calls, of every command
 * that conflicts with a call in progress or, transitively, with another command so chosen. When one of those is a
 * call of several sections, every start is explored (a thread it would occupy could not run the others first).
 *
 * <p><b>Why nothing is lost.</b> Take any path from such a state s to a quiescent state q. It contains a move of the
 * set, since the threads inside calls must finish them. Let b be the first. Every move before b is the start or the
 * continuation of a command outside the set, so it conflicts with no command of the set (by the closure), b's
 * included, and b, enabled in s, commutes past all of them: a path of the same length from s through b to q. By
 * induction on the length, the reduced graph reaches every quiescent state at the depth the full graph does, so
 * every violation of a state invariant (judged only at quiescent states) and of a lone call's step invariants (taken
 * only from quiescent states, which are never reduced) is found, and the shortest counterexample stays as short.
 * Which of several shortest ones is reported may differ. There is no cycle proviso to satisfy: the argument is about
 * paths to quiescent states, not about infinite runs, and every state on the way is expanded with its own set.
 *
 * <p>What it needs of the reference: that a footprint covers every object a command's sections touch. A machine that
 * crashes on a call whose footprint does not write "crashed" is reported ({@link #checkCrash}); the other objects
 * are stated next to the C they stand for. Not used with the linearizability check, whose history of overlapping
 * calls is part of the state and is not invariant under reordering.
 */
final class Reduction {
    private final List<Command> commands;
    private final BitSet[] writes;
    private final BitSet[] reads;
    private final boolean[] sectioned;
    private final boolean[] mayCrash;

    Reduction(List<Command> commands, Profile profile) {
        this.commands = commands;
        Objects objects = new Objects(commands);
        int n = commands.size();
        this.writes = new BitSet[n];
        this.reads = new BitSet[n];
        this.sectioned = new boolean[n];
        this.mayCrash = new boolean[n];
        boolean bugs = profile.has(Erratum.D1) || profile.has(Erratum.D6) || profile.has(Erratum.D20);
        for (int i = 0; i < n; i++) {
            Footprint f = footprint(commands.get(i).action(), objects, profile);
            writes[i] = f.writes;
            reads[i] = f.reads;
            sectioned[i] = f.sectioned;
            mayCrash[i] = bugs && f.mayCrash;
            reads[i].set(objects.index("crashed"));
            if (mayCrash[i]) {
                writes[i].set(objects.index("crashed"));
            }
        }
    }

    /** The index of {@code c} in the catalogue. */
    private int indexOf(Command c) {
        int i = commands.indexOf(c);
        if (i < 0) {
            throw new IllegalArgumentException("not a catalogue command: " + c.label());
        }
        return i;
    }

    /**
     * The commands whose starts are explored in a state where {@code running} are the commands of the calls in
     * progress (at least one); null when every start is.
     */
    BitSet startsExplored(List<Command> running) {
        BitSet w = new BitSet();
        BitSet r = new BitSet();
        for (Command c : running) {
            int i = indexOf(c);
            w.or(writes[i]);
            r.or(reads[i]);
        }
        BitSet chosen = new BitSet();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int i = 0; i < commands.size(); i++) {
                if (!chosen.get(i) && (writes[i].intersects(w) || writes[i].intersects(r) || reads[i].intersects(w))) {
                    chosen.set(i);
                    w.or(writes[i]);
                    r.or(reads[i]);
                    grew = true;
                    if (sectioned[i]) {
                        return null;
                    }
                }
            }
        }
        return chosen;
    }

    /** Whether the start of {@code c} is explored, given {@link #startsExplored}'s answer. */
    boolean explores(BitSet startsExplored, Command c) {
        return startsExplored == null || startsExplored.get(indexOf(c));
    }

    /** Throws when {@code c} crashed the machine though its footprint says it cannot: the reduction would be unsound. */
    void checkCrash(Command c) {
        if (!mayCrash[indexOf(c)]) {
            throw new IllegalStateException("the machine crashed in " + c.label()
                + ", whose footprint does not write \"crashed\": the partial-order reduction is unsound here");
        }
    }

    /** The objects of a catalogue: the fixed ones, and one per instance name and per id the catalogue names. */
    private static final class Objects {
        private final Map<String, Integer> index = new LinkedHashMap<>();
        /** Each catalogue name, with the ids its nodes carry; a name with an id the kernel may misread has all. */
        final Map<String, Set<Long>> idsOf = new LinkedHashMap<>();
        final Set<Long> ids = new LinkedHashSet<>();
        final Set<String> oddIds = new LinkedHashSet<>();

        Objects(List<Command> commands) {
            for (Command c : commands) {
                if (c.action() instanceof Action.UploadDeviceTree u) {
                    for (Action.Node node : nodes(u)) {
                        String name = node.name() == null ? "?" : node.name();
                        idsOf.computeIfAbsent(name, k -> new LinkedHashSet<>());
                        if (node.idLen() == 4) {
                            idsOf.get(name).add(node.id());
                            ids.add(node.id());
                        } else if (node.idLen() >= 0) {
                            oddIds.add(name); // D13 reads whatever the short property's bytes and the next make
                        }
                    }
                }
            }
        }

        int index(String object) {
            return index.computeIfAbsent(object, k -> index.size());
        }

        /** The names an instance with id {@code id} may have. */
        List<String> namesWithId(long id) {
            List<String> out = new ArrayList<>(oddIds);
            for (Map.Entry<String, Set<Long>> e : idsOf.entrySet()) {
                if (e.getValue().contains(id) && !out.contains(e.getKey())) {
                    out.add(e.getKey());
                }
            }
            return out;
        }
    }

    private static List<Action.Node> nodes(Action.UploadDeviceTree u) {
        List<Action.Node> out = new ArrayList<>();
        for (Action.DeviceTree d : u.writes()) {
            out.addAll(d.accept(new Action.DeviceTree.Cases<List<Action.Node>>() {
                public List<Action.Node> unreadable(Action.Unreadable unreadable) {
                    return List.of();
                }

                public List<Action.Node> prefix(Action.Prefix p) {
                    return p.tree().nodes();
                }

                public List<Action.Node> nodes(Action.Nodes n) {
                    return n.nodes();
                }
            }));
        }
        return out;
    }

    /** What a command's sections may read and write, whether it has several, and whether it may BUG(). */
    private static final class Footprint {
        final BitSet reads = new BitSet();
        final BitSet writes = new BitSet();
        boolean sectioned;
        boolean mayCrash;
        private final Objects objects;

        Footprint(Objects objects) {
            this.objects = objects;
        }

        Footprint w(String... os) {
            for (String o : os) {
                writes.set(objects.index(o));
            }
            return this;
        }

        Footprint r(String... os) {
            for (String o : os) {
                reads.set(objects.index(o));
            }
            return this;
        }

        /** Writes the instance named {@code name} and every idr slot such an instance may sit in. */
        Footprint instance(String name) {
            w("inst:" + name);
            if (objects.oddIds.contains(name)) {
                for (long id : objects.ids) {
                    w("id:" + id);
                }
                w("id:?");
            }
            for (long id : objects.idsOf.getOrDefault(name, Set.of())) {
                w("id:" + id);
            }
            return this;
        }

        /** Writes the idr slot {@code id} and every instance that may sit in it. */
        Footprint id(long id) {
            w("id:" + id, "id:?");
            for (String name : objects.namesWithId(id)) {
                w("inst:" + name);
            }
            return this;
        }

        /** Writes every instance: a call that may free another instance's image (D4's single kexec_image slot). */
        Footprint everyInstance() {
            for (String name : objects.idsOf.keySet()) {
                w("inst:" + name);
            }
            return this;
        }
    }

    private static Footprint footprint(Action a, Objects objects, Profile profile) {
        Footprint f = new Footprint(objects);
        boolean d18 = profile.has(Erratum.D18);
        boolean d4 = profile.has(Erratum.D4);
        return a.accept(new Action.Cases<Footprint>() {
            public Footprint uploadDeviceTree(Action.UploadDeviceTree u) {
                // root_device_tree_write(): under mk_instance_mutex, creates instances (list, idr, kernfs), takes
                // pool pages and CPUs offline; libfdt's reads go to the read log; D20 oopses.
                f.w("list", "pool", "cpus", "fdt", "instance-mutex").mayCrash = true;
                for (Action.Node node : nodes(u)) {
                    f.instance(node.name() == null ? "?" : node.name());
                }
                return f;
            }

            public Footprint mkdir(Action.Mkdir d) {
                return f; // -EPERM, touching nothing
            }

            public Footprint rmdir(Action.Rmdir d) {
                // i_rwsem of instances/ (vfs_rmdir), then mk_instance_mutex (list, idr), the put (refcount, release
                // to the pool: D6's BUG), kernfs_remove_self (the directory the status reads see).
                f.w("rmdir-lock", "instance-mutex", "list", "pool").instance(d.name()).sectioned = true;
                f.mayCrash = true;
                return f;
            }

            public Footprint status(Action.Status s) {
                // Every status file kernfs shows: the list and each instance's struct; a freed one is recorded.
                f.r("list").w("freed-reads");
                for (String name : objects.idsOf.keySet()) {
                    f.r("inst:" + name);
                }
                return f;
            }

            public Footprint kexecFileLoad(Action.KexecFileLoad l) {
                return load(l.flags(), !Next.isMultikernel(l.flags()) ? -1 : Next.mkIdOf(l.flags()),
                    d18 && Next.isMultikernel(l.flags()));
            }

            public Footprint kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return load(0, -1, false);
            }

            public Footprint kexecFileUnload(Action.KexecFileUnload u) {
                return load(u.flags(), Next.isMultikernel(u.flags()) ? Next.mkIdOf(u.flags()) : -1, false);
            }

            /** kexec_lock, the images, the handover page (host memory), and the instance with {@code id}. */
            private Footprint load(long flags, long id, boolean sectioned) {
                f.w("kexec", "host").mayCrash = true;
                if (id >= 0) {
                    f.id(id).w("instance-mutex"); // mk_instance_find()
                }
                if (d4) {
                    f.everyInstance(); // the exchange frees whatever image kexec_image held
                }
                f.sectioned = sectioned;
                return f;
            }

            public Footprint rebootMultikernel(Action.RebootMultikernel r) {
                // system_transition_mutex, kexec_lock, the instance (lookup, notifier, state), its CPUs, the
                // handover page, the spawned kernels.
                f.w("reboot", "kexec", "cpus", "host", "spawned", "instance-mutex").id(r.mkId()).mayCrash = true;
                f.sectioned = d18;
                return f;
            }

            public Footprint rebootOther(Action.RebootOther r) {
                return f.w("reboot");
            }

            public Footprint spawnedBoot(Action.SpawnedBoot b) {
                f.w("spawned", "host", "fdt").mayCrash = true;
                return f;
            }

            public Footprint hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return f.w("host");
            }
        });
    }
}
