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
     * The machine after a step.
     *
     * @param memory the memory map
     * @param instances every registered instance
     * @param spawned every kernel exec started
     * @param onlineCpus the host's online CPUs, e.g. {@code 0,4-7}
     * @param rebootLockHeld whether system_transition_mutex stays held
     * @param fdtOutOfBoundsBytes bytes libfdt read past a buffer so far
     * @param crashed the BUG site, if the host crashed
     * @param cpuCount the machine's CPUs (nr_cpu_ids)
     * @param fdtFirstReader the code that first read an FDT out of bounds, when one did
     */
    public record StateView(MemoryMap memory, List<InstanceView> instances, List<SpawnedView> spawned,
                            String onlineCpus, boolean rebootLockHeld, long fdtOutOfBoundsBytes, Optional<String> crashed,
                            int cpuCount, Optional<String> fdtFirstReader) {
        public StateView {
            instances = List.copyOf(instances);
            spawned = List.copyOf(spawned);
        }

        /** A state of a machine with as many CPUs as the highest one it names, plus one, and no known FDT reader. */
        public StateView(MemoryMap memory, List<InstanceView> instances, List<SpawnedView> spawned,
                         String onlineCpus, boolean rebootLockHeld, long fdtOutOfBoundsBytes, Optional<String> crashed) {
            this(memory, instances, spawned, onlineCpus, rebootLockHeld, fdtOutOfBoundsBytes, crashed,
                highestCpu(onlineCpus, instances) + 1, Optional.empty());
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
     * A picture of physical memory: the pool's range and the host RAM a multikernel image took,
     * divided into typed regions. Regions may overlap (that is often the defect being shown).
     *
     * @param pageSize PAGE_SIZE
     * @param poolStart the pool's first byte
     * @param poolSize the pool's size
     * @param regions what lies where
     */
    public record MemoryMap(long pageSize, long poolStart, long poolSize, List<Region> regions) {
        public MemoryMap {
            regions = List.copyOf(regions);
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
        PLAIN_SEGMENT
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
     * @param dtbSize the size of its per-instance DTB
     */
    public record InstanceView(String name, long id, String status, String cpus, long memoryBytes,
                               Optional<String> image, long dtbSize) {
    }

    /**
     * A kernel exec started.
     *
     * @param name the instance it was started for
     * @param id its id
     * @param cpu the CPU it runs on
     * @param handoverBytes fdt_totalsize of its handover FDT
     * @param handoverDts the handover FDT as DTS, or a line saying why it cannot be shown as DTS
     * @param boot one line: not booted yet / booted and restored ... / booted and restored nothing
     * @param read what the kernel read from its handover page at boot, when it has booted and read it
     */
    public record SpawnedView(String name, long id, int cpu, long handoverBytes, String handoverDts, String boot,
                              Optional<ReadBack> read) {
        /** A kernel that has not read its handover page. */
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
