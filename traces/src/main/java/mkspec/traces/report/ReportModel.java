package mkspec.traces.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a failing-case report shows, already computed: the trace's steps, each with its
 * result, what was expected, the invariants it broke, and the machine's state after it. The
 * renderers only lay this out; they compute nothing about the kernel.
 *
 * @param name the trace's name
 * @param description the trace's description, if any
 * @param profile the profile the trace ran in ({@code fixed}, {@code rfc-v2}, {@code fixed+D3}, ...)
 * @param machine the machine, one line (page size, CPUs, pool)
 * @param verdict one line: what happened overall (e.g. "step 3 broke segments-inside-instance")
 * @param steps every step that ran, in order
 * @param invariants the statement of every invariant a step broke, by id
 * @param initial the machine before the first step, when known (each step is shown as a change from the one before)
 * @param traceYaml the trace as {@code trace.yaml} holds it, when known, so the HTML page alone can be replayed
 */
public record ReportModel(String name, Optional<String> description, String profile, String machine, String verdict,
                          List<StepView> steps, Map<String, String> invariants, Optional<StateView> initial,
                          Optional<String> traceYaml) {
    public ReportModel {
        steps = List.copyOf(steps);
        invariants = Map.copyOf(invariants);
    }

    /** A model whose machine before the first step and whose trace text are not known. */
    public ReportModel(String name, Optional<String> description, String profile, String machine, String verdict,
                       List<StepView> steps, Map<String, String> invariants) {
        this(name, description, profile, machine, verdict, steps, invariants, Optional.empty(), Optional.empty());
    }

    /**
     * One step and the state after it.
     *
     * @param index 1-based
     * @param text the step as a trace writes it, one line (e.g. {@code kexec-file-load id: 2 segments: [1M]})
     * @param line its line in the trace file, or 0
     * @param expected the expected result word, if the trace says one
     * @param actual the result word
     * @param differs a mismatch of result or observation, as one line, if any
     * @param broken the invariants this step broke, with their detail lines
     * @param carried invariants broken earlier that still fail
     * @param refinement where the reference's step differs from the spec's (empty when it agrees or was not checked)
     * @param after the state after the step
     */
    public record StepView(int index, String text, int line, Optional<String> expected, String actual,
                           Optional<String> differs, List<Broken> broken, List<String> carried,
                           List<String> refinement, StateView after, int thread) {
        public StepView {
            broken = List.copyOf(broken);
            carried = List.copyOf(carried);
            refinement = List.copyOf(refinement);
        }

        /** A step of a trace whose steps name no thread. */
        public StepView(int index, String text, int line, Optional<String> expected, String actual,
                        Optional<String> differs, List<Broken> broken, List<String> carried, List<String> refinement,
                        StateView after) {
            this(index, text, line, expected, actual, differs, broken, carried, refinement, after, 0);
        }
    }

    /** The most threads a step of the model names; 0 when no step names one. */
    public int threads() {
        int most = 0;
        for (StepView s : steps) {
            most = Math.max(most, s.thread());
        }
        return most;
    }

    /** An invariant a step broke, and why. */
    public record Broken(String id, List<String> details) {
        public Broken {
            details = List.copyOf(details);
        }
    }

    /**
     * The machine after a step, as either kernel fills it: what both have (memory, instances, spawned kernels, the
     * host's CPUs, a crash) in fields of their own, and what only one kernel has (RFC v2's reboot lock, mk2's overlay
     * transactions, ...) as {@link Fact}s, which the layouts show and compare without knowing what they are.
     *
     * @param memory the memory map
     * @param instances every registered instance
     * @param spawned every kernel exec started
     * @param onlineCpus the host's online CPUs, e.g. {@code 0,4-7}
     * @param poolCpus the CPUs a pool holds, given to no instance (mk2's {@code mk_pool->cpus}); empty when the
     *     kernel's pool holds no CPUs
     * @param facts the kernel's other facts, in the order shown
     * @param crashed the BUG site, if the host crashed
     * @param cpuCount the machine's CPUs (nr_cpu_ids)
     */
    public record StateView(MemoryMap memory, List<InstanceView> instances, List<SpawnedView> spawned,
                            String onlineCpus, Optional<String> poolCpus, List<Fact> facts, Optional<String> crashed,
                            int cpuCount) {
        public StateView {
            instances = List.copyOf(instances);
            spawned = List.copyOf(spawned);
            facts = List.copyOf(facts);
        }

        /**
         * A state of RFC v2's machine with as many CPUs as the highest one it names, plus one, and no known FDT
         * reader.
         */
        public StateView(MemoryMap memory, List<InstanceView> instances, List<SpawnedView> spawned,
                         String onlineCpus, boolean rebootLockHeld, long fdtOutOfBoundsBytes, Optional<String> crashed) {
            this(memory, instances, spawned, onlineCpus, Optional.empty(),
                rfcV2Facts(rebootLockHeld, fdtOutOfBoundsBytes, Optional.empty()), crashed,
                highestCpu(onlineCpus, instances) + 1);
        }

        /**
         * RFC v2's own facts: whether {@code system_transition_mutex} stays held, and the bytes libfdt read past a
         * buffer so far with the code that first did.
         */
        public static List<Fact> rfcV2Facts(boolean rebootLockHeld, long fdtOutOfBoundsBytes, Optional<String> firstReader) {
            return List.of(new Fact(Fact.Topic.LOCK, "reboot lock", rebootLockHeld ? "held" : "released", rebootLockHeld),
                new Fact(Fact.Topic.FDT, "FDT bytes read out of bounds", fdtOutOfBoundsBytes
                    + (fdtOutOfBoundsBytes > 0 ? firstReader.map(site -> ", first by " + site).orElse("") : ""),
                    fdtOutOfBoundsBytes > 0));
        }

        /** The fact named {@code name}, if the state has one. */
        public Optional<Fact> fact(String name) {
            return facts.stream().filter(f -> f.name().equals(name)).findFirst();
        }

        private static int highestCpu(String onlineCpus, List<InstanceView> instances) {
            int highest = -1;
            List<String> lists = new ArrayList<>(List.of(onlineCpus));
            for (InstanceView i : instances) {
                lists.add(i.cpus());
            }
            for (String list : lists) {
                for (String part : list.split(",")) {
                    String last = part.substring(part.indexOf('-') + 1).strip();
                    if (!last.isEmpty() && last.chars().allMatch(Character::isDigit) && last.length() < 6) {
                        highest = Math.max(highest, Integer.parseInt(last));
                    }
                }
            }
            return highest;
        }
    }

    /**
     * One fact of a machine beside its memory, instances and kernels, shown as {@code name: value} and, when its value
     * changes, as {@code name before → after}.
     *
     * @param topic what part of the machine it is about, which heads its change line
     * @param name what it is, e.g. {@code reboot lock}
     * @param value its value, e.g. {@code held}
     * @param bad whether the value is a defect (a held lock, bytes read out of bounds)
     */
    public record Fact(Topic topic, String name, String value, boolean bad) {
        /** What part of the machine a fact is about. */
        public enum Topic {
            /** A lock a call takes. */
            LOCK,
            /** Reads of device trees. */
            FDT,
            /** Pages and their owners. */
            PAGES,
            /** CPUs and their owners. */
            CPUS,
            /** Spawned kernels and their messages. */
            KERNEL,
            /** Device-tree overlay transactions. */
            OVERLAYS
        }
    }

    /**
     * A picture of physical memory: one range drawn to scale, the <em>band</em> (RFC v2's pool; mk2's System RAM,
     * which holds its runtime pool), and every region outside it in host RAM, each region typed. Regions may overlap
     * (that is often the defect being shown).
     *
     * @param pageSize PAGE_SIZE
     * @param band what the band is, one word or two: {@code pool}, {@code System RAM}
     * @param bandStart the band's first byte
     * @param bandSize the band's size
     * @param regions what lies where
     */
    public record MemoryMap(long pageSize, String band, long bandStart, long bandSize, List<Region> regions) {
        public MemoryMap {
            regions = List.copyOf(regions);
        }

        /** RFC v2's map: the pool drawn to scale. */
        public MemoryMap(long pageSize, long poolStart, long poolSize, List<Region> regions) {
            this(pageSize, "pool", poolStart, poolSize, regions);
        }
    }

    /** The kinds of memory region a map shows. */
    public enum RegionKind {
        /** Free pages of the global pool. */
        POOL_FREE,
        /** A chunk of an instance's memory. */
        INSTANCE,
        /** Pool pages neither free nor any live instance's (a leak). */
        POOL_LEAKED,
        /** A segment of a multikernel image. */
        SEGMENT,
        /** A control page of a multikernel image. */
        CONTROL_PAGE,
        /** An instance pool allocation that no live image holds (a leak). */
        ALLOCATION_LEAKED,
        /** A handover FDT page. */
        HANDOVER_PAGE,
        /** Host RAM a multikernel image wrote its segment into. */
        HOST_TAKEN,
        /** A segment of the plain (non-multikernel) kexec image: host RAM it will be copied to at reboot. */
        PLAIN_SEGMENT,
        /** An instance pool chunk no memory region of its instance covers any more (mk2). */
        INSTANCE_POOL,
        /** The pages of a kimage's manifest, the boot tree exec writes for the spawned kernel (mk2). */
        MANIFEST,
        /** A kimage's IPI ring page (mk2). */
        IPI_RING,
        /** A crash segment's page of a {@code KEXEC_FILE_ON_CRASH} image (mk2). */
        CRASH_SEGMENT,
        /** Host pages allocated for kexec that no live image or pool holds (a leak, mk2). */
        HOST_LEAKED
    }

    /**
     * One region.
     *
     * @param kind what it is
     * @param owner whose it is (an instance name, "pool", "host")
     * @param start first byte
     * @param size bytes
     * @param note a short remark, e.g. "freed before the spawned kernel read it"
     */
    public record Region(RegionKind kind, String owner, long start, long size, String note) {
    }

    /**
     * An instance as its state shows it.
     *
     * @param name its name
     * @param id its id
     * @param status its status word
     * @param cpus its CPUs, e.g. {@code 2-3}
     * @param memoryBytes its memory
     * @param image a one-line summary of its image, if any (e.g. "segments 2 (1M, 8K), control pages 2")
     * @param more what the kernel keeps of an instance beside these, one table column each, in the order shown (RFC
     *     v2: the size of its DTB; mk2: its reference count and its record's publication)
     */
    public record InstanceView(String name, long id, String status, String cpus, long memoryBytes,
                               Optional<String> image, List<Column> more) {
        public InstanceView {
            more = List.copyOf(more);
        }

        /** An RFC v2 instance, whose per-instance DTB has {@code dtbSize} bytes. */
        public InstanceView(String name, long id, String status, String cpus, long memoryBytes, Optional<String> image,
                            long dtbSize) {
            this(name, id, status, cpus, memoryBytes, image, List.of(new Column("DTB", Long.toString(dtbSize), true)));
        }
    }

    /**
     * One more column of an instance's row.
     *
     * @param heading the column's heading
     * @param value the instance's value
     * @param number whether it is a number (right-aligned)
     */
    public record Column(String heading, String value, boolean number) {
    }

    /**
     * A kernel exec started.
     *
     * @param name the instance it was started for
     * @param id its id
     * @param cpus the CPUs it runs on, e.g. {@code 1} or {@code 2-3}
     * @param tree what the kernel calls the tree exec hands it: {@code handover FDT} (RFC v2), {@code manifest} (mk2)
     * @param treeBytes fdt_totalsize of that tree
     * @param treeDts that tree as DTS, or a line saying why it cannot be shown as DTS
     * @param boot one line: not booted yet / booted and restored ... / booted and restored nothing
     * @param read what the kernel read from its handover page at boot, when it has booted and read it
     */
    public record SpawnedView(String name, long id, String cpus, String tree, long treeBytes, String treeDts,
                              String boot, Optional<ReadBack> read) {
        /** An RFC v2 kernel on CPU {@code cpu}, started with a handover FDT. */
        public SpawnedView(String name, long id, int cpu, long handoverBytes, String handoverDts, String boot,
                           Optional<ReadBack> read) {
            this(name, id, Integer.toString(cpu), "handover FDT", handoverBytes, handoverDts, boot, read);
        }

        /** An RFC v2 kernel that has not read its handover page. */
        public SpawnedView(String name, long id, int cpu, long handoverBytes, String handoverDts, String boot) {
            this(name, id, cpu, handoverBytes, handoverDts, boot, Optional.empty());
        }
    }

    /**
     * The handover page as the spawned kernel read it at boot, against what exec wrote there.
     *
     * @param address where it read the page
     * @param dts what it read, as DTS (or why that is not a valid FDT)
     * @param bytes the bytes it read
     * @param differing how many of them differ from what exec wrote (0: it read what exec wrote)
     * @param firstDifference the offset of the first that differs, or -1
     */
    public record ReadBack(long address, String dts, int bytes, int differing, long firstDifference) {
    }
}
