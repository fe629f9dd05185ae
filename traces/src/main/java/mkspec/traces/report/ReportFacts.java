package mkspec.traces.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mkspec.traces.report.ReportModel.Broken;
import mkspec.traces.report.ReportModel.InstanceView;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;
import mkspec.traces.report.ReportModel.SpawnedView;
import mkspec.traces.report.ReportModel.StateView;
import mkspec.traces.report.ReportModel.StepView;

/**
 * What both report layouts read off a model the same way: which steps have something to say, where the host
 * crashed, which invariants broke where, and the order regions are listed in.
 */
final class ReportFacts {

    /**
     * How to replay the report: in its folder, the launcher at the root of a mkspec checkout replays the folder's
     * trace; a page that travelled alone carries the trace to save first.
     */
    static final String REPLAY_IN_FOLDER = "mkspec replay .";

    /** A range as the invariants' details write it: first to last byte, {@code 0x40000000-0x40003fff}. */
    private static final Pattern DETAIL_RANGE = Pattern.compile("0x([0-9a-f]{1,16})-0x([0-9a-f]{1,16})");

    private ReportFacts() {
    }

    /**
     * Whether the report shows the state after the step at {@code position}: it broke an invariant, differed from
     * its expectation or from the spec, crashed the host, or ended the trace.
     */
    static boolean hasSomethingToSay(ReportModel model, int position) {
        StepView step = model.steps().get(position);
        return !step.broken().isEmpty() || step.differs().isPresent() || !step.refinement().isEmpty()
                || crashedHere(model, position) || position == model.steps().size() - 1;
    }

    /** Whether the host crashed at the step at {@code position}, rather than at an earlier one. */
    static boolean crashedHere(ReportModel model, int position) {
        return model.steps().get(position).after().crashed().isPresent()
                && (position == 0 || model.steps().get(position - 1).after().crashed().isEmpty());
    }

    /** Every invariant some step broke, in the order first broken, with the steps that broke it. */
    static Map<String, List<Integer>> brokenBy(ReportModel model) {
        Map<String, List<Integer>> stepsById = new LinkedHashMap<>();
        for (StepView step : model.steps()) {
            for (Broken broken : step.broken()) {
                List<Integer> steps = stepsById.computeIfAbsent(broken.id(), id -> new ArrayList<>());
                if (!steps.contains(step.index())) {
                    steps.add(step.index());
                }
            }
        }
        return stepsById;
    }

    /** The statement of invariant {@code id}, or a note that the model gave none. */
    static String statement(ReportModel model, String id) {
        String statement = model.invariants().get(id);
        return statement != null ? statement : "(no statement given for this invariant)";
    }

    /** Region indexes ordered by start address, then by index. */
    static List<Integer> byAddress(MemoryMap map) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < map.regions().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> map.regions().get(i).start()).thenComparingInt(i -> i));
        return order;
    }

    /** What part of the machine a change is about; its word heads the change's line in both layouts. */
    enum Aspect {
        STATUS("status"), CPUS("cpus"), PAGES("pages"), SEGMENTS("segments"), HANDOVER("handover"),
        KERNEL("kernel"), LOCK("lock"), FDT("fdt"), OVERLAYS("overlays"), CRASH("crash");

        private final String word;

        Aspect(String word) {
            this.word = word;
        }

        String word() {
            return word;
        }

        /** The aspect a kernel's fact is about. */
        static Aspect of(ReportModel.Fact.Topic topic) {
            return switch (topic) {
                case LOCK -> LOCK;
                case FDT -> FDT;
                case PAGES -> PAGES;
                case CPUS -> CPUS;
                case KERNEL -> KERNEL;
                case OVERLAYS -> OVERLAYS;
            };
        }
    }

    /**
     * One thing a step changed in the machine, as one line: {@code web: ready → loaded}.
     *
     * @param aspect what it is about
     * @param text the change, with an arrow from the old value to the new, or {@code +}/{@code −} for what came or went
     * @param bad whether the new value is a defect (a leak, a held lock, a crash, a read out of bounds)
     */
    record Change(Aspect aspect, String text, boolean bad) {
    }

    /** The state the step at {@code position} started from: the one after the step before, or the initial one. */
    static Optional<StateView> before(ReportModel model, int position) {
        return position == 0 ? model.initial() : Optional.of(model.steps().get(position - 1).after());
    }

    /**
     * What changed from {@code before} to {@code after}, as a trace explorer shows it: instances (status, CPUs, image),
     * the free pool's total, every other region that came, went or changed its note, spawned kernels, the host's
     * CPUs, the reboot lock, bytes read out of bounds and a crash.
     */
    static List<Change> changes(StateView before, StateView after) {
        List<Change> changes = new ArrayList<>();
        instances(before.instances(), after.instances(), changes);
        if (!before.onlineCpus().equals(after.onlineCpus())) {
            changes.add(new Change(Aspect.CPUS, "host online CPUs " + before.onlineCpus() + " \u2192 " + after.onlineCpus(),
                    false));
        }
        long freeBefore = total(before.memory(), RegionKind.POOL_FREE);
        long freeAfter = total(after.memory(), RegionKind.POOL_FREE);
        if (freeBefore != freeAfter) {
            changes.add(new Change(Aspect.PAGES, "free pool " + Text.size(freeBefore) + " \u2192 " + Text.size(freeAfter),
                    false));
        }
        regions(before.memory(), after.memory(), changes);
        kernels(before.spawned(), after.spawned(), changes);
        if (!before.poolCpus().equals(after.poolCpus())) {
            changes.add(new Change(Aspect.CPUS, "pool CPUs " + before.poolCpus().orElse("none") + " \u2192 "
                    + after.poolCpus().orElse("none"), false));
        }
        facts(before, after, changes);
        if (!before.crashed().equals(after.crashed())) {
            changes.add(new Change(Aspect.CRASH, "host " + before.crashed().map(s -> "crashed at " + s).orElse("running")
                    + " \u2192 " + after.crashed().map(s -> "crashed at " + s).orElse("running"), after.crashed().isPresent()));
        }
        return changes;
    }

    /** Each fact whose value changed, or that came or went: {@code reboot lock released → held}. */
    private static void facts(StateView before, StateView after, List<Change> changes) {
        for (ReportModel.Fact now : after.facts()) {
            Optional<ReportModel.Fact> was = before.fact(now.name());
            if (was.isEmpty()) {
                changes.add(new Change(Aspect.of(now.topic()), "+ " + now.name() + " " + now.value(), now.bad()));
            } else if (!was.get().value().equals(now.value())) {
                changes.add(new Change(Aspect.of(now.topic()), now.name() + " " + was.get().value() + " \u2192 "
                        + now.value(), now.bad()));
            }
        }
        for (ReportModel.Fact was : before.facts()) {
            if (after.fact(was.name()).isEmpty()) {
                changes.add(new Change(Aspect.of(was.topic()), "\u2212 " + was.name(), false));
            }
        }
    }

    private static void instances(List<InstanceView> before, List<InstanceView> after, List<Change> changes) {
        Map<String, InstanceView> old = new LinkedHashMap<>();
        for (InstanceView i : before) {
            old.put(i.name(), i);
        }
        Map<String, InstanceView> now = new LinkedHashMap<>();
        for (InstanceView i : after) {
            now.put(i.name(), i);
        }
        for (InstanceView i : after) {
            InstanceView was = old.get(i.name());
            if (was == null) {
                changes.add(new Change(Aspect.STATUS, "+ " + i.name() + " (id " + i.id() + "): " + i.status() + ", CPUs "
                        + i.cpus() + ", " + Text.size(i.memoryBytes()), false));
                continue;
            }
            if (!was.status().equals(i.status())) {
                changes.add(new Change(Aspect.STATUS, i.name() + ": " + was.status() + " \u2192 " + i.status(), false));
            }
            if (!was.cpus().equals(i.cpus())) {
                changes.add(new Change(Aspect.CPUS, i.name() + " CPUs " + was.cpus() + " \u2192 " + i.cpus(), false));
            }
            if (!was.image().equals(i.image())) {
                changes.add(new Change(Aspect.SEGMENTS, i.name() + " image " + was.image().orElse("none") + " \u2192 "
                        + i.image().orElse("none"), false));
            }
            for (ReportModel.Column column : i.more()) {
                for (ReportModel.Column earlier : was.more()) {
                    if (earlier.heading().equals(column.heading()) && !earlier.value().equals(column.value())) {
                        changes.add(new Change(Aspect.STATUS, i.name() + " " + column.heading() + " " + earlier.value()
                                + " \u2192 " + column.value(), false));
                    }
                }
            }
        }
        for (InstanceView i : before) {
            if (!now.containsKey(i.name())) {
                changes.add(new Change(Aspect.STATUS, "\u2212 " + i.name() + " (id " + i.id() + ") removed", false));
            }
        }
    }

    /** A region's identity across states: everything but its note. */
    private record Place(RegionKind kind, String owner, long start, long size) {
        static Place of(Region r) {
            return new Place(r.kind(), r.owner(), r.start(), r.size());
        }
    }

    private static void regions(MemoryMap before, MemoryMap after, List<Change> changes) {
        Map<Place, String> old = notes(before);
        Map<Place, String> now = notes(after);
        for (var e : now.entrySet()) {
            Place p = e.getKey();
            String was = old.get(p);
            if (was == null) {
                changes.add(new Change(aspect(p.kind()), "+ " + describe(p) + note(e.getValue()), leak(p.kind())));
            } else if (!was.equals(e.getValue())) {
                changes.add(new Change(aspect(p.kind()), describe(p) + ": " + (was.isEmpty() ? "(no note)" : was)
                        + " \u2192 " + (e.getValue().isEmpty() ? "(no note)" : e.getValue()), false));
            }
        }
        for (var e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                changes.add(new Change(aspect(e.getKey().kind()), "\u2212 " + describe(e.getKey()), false));
            }
        }
    }

    private static Map<Place, String> notes(MemoryMap map) {
        Map<Place, String> notes = new LinkedHashMap<>();
        for (int i : byAddress(map)) {
            Region r = map.regions().get(i);
            if (r.kind() != RegionKind.POOL_FREE) {
                notes.merge(Place.of(r), r.note(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
        }
        return notes;
    }

    private static String note(String note) {
        return note.isEmpty() ? "" : " (" + note + ")";
    }

    private static String describe(Place p) {
        return MemoryMapSvg.style(p.kind()).label() + " of " + p.owner() + " " + Text.span(p.start(), p.size());
    }

    private static Aspect aspect(RegionKind kind) {
        return switch (kind) {
            case POOL_FREE, INSTANCE, POOL_LEAKED, INSTANCE_POOL, HOST_LEAKED -> Aspect.PAGES;
            case SEGMENT, CONTROL_PAGE, ALLOCATION_LEAKED, HOST_TAKEN, PLAIN_SEGMENT, IPI_RING, CRASH_SEGMENT ->
                    Aspect.SEGMENTS;
            case HANDOVER_PAGE, MANIFEST -> Aspect.HANDOVER;
        };
    }

    private static boolean leak(RegionKind kind) {
        return kind == RegionKind.POOL_LEAKED || kind == RegionKind.ALLOCATION_LEAKED || kind == RegionKind.HOST_TAKEN
                || kind == RegionKind.HOST_LEAKED || kind == RegionKind.INSTANCE_POOL;
    }

    private static long total(MemoryMap map, RegionKind kind) {
        long bytes = 0;
        for (Region r : map.regions()) {
            if (r.kind() == kind) {
                bytes += r.size();
            }
        }
        return bytes;
    }

    private static void kernels(List<SpawnedView> before, List<SpawnedView> after, List<Change> changes) {
        for (int i = 0; i < after.size(); i++) {
            SpawnedView k = after.get(i);
            SpawnedView was = i < before.size() ? before.get(i) : null;
            if (was == null || !was.name().equals(k.name()) || was.id() != k.id()) {
                changes.add(new Change(Aspect.KERNEL, "+ spawned kernel " + k.name() + " (id " + k.id() + ") on "
                        + Text.cpus(k.cpus()) + ", " + k.tree() + " " + k.treeBytes() + " bytes: " + k.boot(), false));
            } else if (!Objects.equals(was.boot(), k.boot())) {
                changes.add(new Change(Aspect.KERNEL, "spawned kernel " + k.name() + ": " + was.boot() + " \u2192 " + k.boot(),
                        false));
            }
        }
        for (int i = after.size(); i < before.size(); i++) {
            changes.add(new Change(Aspect.KERNEL, "\u2212 spawned kernel " + before.get(i).name(), false));
        }
    }

    /**
     * A range of memory the defect of a step is about, to outline on the map: the first range of a broken invariant's
     * detail line, which is the thing the line is about ("segment 0x7fffa000-0x7fffffff (24K) lies outside its memory
     * ..."; later ranges are context), or a handover page a kernel read at boot that is not what exec wrote.
     *
     * @param why the words before the name, {@code named by} or what the kernel read
     * @param name an invariant's id, or the instance whose kernel read the page
     * @param detail the detail line, or the sentence on the read
     * @param start the first byte
     * @param size the bytes
     */
    record Mark(String why, String name, String detail, long start, long size) {
        /** The mark's words, {@code named by segments-inside-instance}. */
        String caption() {
            return why + " " + name;
        }
    }

    /**
     * The ranges the invariants {@code step} broke name in their details, in the order given, and, when the step broke
     * something, the handover pages a kernel read at boot that differ from what exec wrote.
     */
    static List<Mark> marks(StepView step) {
        List<Mark> marks = new ArrayList<>();
        if (!step.broken().isEmpty()) {
            for (SpawnedView kernel : step.after().spawned()) {
                kernel.read().filter(read -> read.differing() > 0).ifPresent(read -> marks.add(new Mark(
                        "not what exec wrote, read at boot by", kernel.name(),
                        readSentence(read, kernel.treeDts()), read.address(), read.bytes())));
            }
        }
        for (Broken broken : step.broken()) {
            for (String detail : broken.details()) {
                Matcher m = DETAIL_RANGE.matcher(detail);
                if (m.find()) {
                    long first = Long.parseUnsignedLong(m.group(1), 16);
                    long last = Long.parseUnsignedLong(m.group(2), 16);
                    if (Long.compareUnsigned(last, first) >= 0 && last - first < Long.MAX_VALUE) {
                        marks.add(new Mark("named by", broken.id(), detail, first, last - first + 1));
                    }
                }
            }
        }
        return marks;
    }

    /** The marks {@code region} lies inside, one for each caption. */
    static List<Mark> namedBy(List<Mark> marks, Region region) {
        List<Mark> ids = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Mark mark : marks) {
            boolean inside = region.size() > 0 && mark.start() <= region.start()
                    && Text.last(region.start(), region.size()) <= Text.last(mark.start(), mark.size());
            if (inside && !captions.contains(mark.caption())) {
                captions.add(mark.caption());
                ids.add(mark);
            }
        }
        return ids;
    }

    /** One sentence on what a spawned kernel read at boot against what exec wrote. */
    static String readSentence(ReportModel.ReadBack read, String wroteDts) {
        if (read.differing() == 0) {
            return "At boot it read what exec wrote (" + read.bytes() + " bytes, identical).";
        }
        return "At boot it read a page that is not what exec wrote: " + read.differing() + " of " + read.bytes()
                + " bytes differ, the first at offset " + Text.hex(read.firstDifference())
                + (read.dts().equals(wroteDts) ? " (outside what the DTS shows)." : "; the trees differ as below.");
    }

    /**
     * The lines of {@code wrote} and {@code read} as a unified diff without hunks: {@code "  "} for a line in both,
     * {@code "- "} for one only exec wrote, {@code "+ "} for one only the kernel read (longest common subsequence).
     */
    static List<String> lineDiff(String wrote, String read) {
        String[] a = wrote.split("\n", -1);
        String[] b = read.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + a[i++]);
            } else {
                lines.add("+ " + b[j++]);
            }
        }
        return lines;
    }

    /**
     * Who has one CPU: the host (online), a pool (mk2's free pool CPUs), one instance or more, or nobody (offline and
     * owned by no instance or pool: lost to every kernel). More than one owner is a defect (D5, N2).
     *
     * @param cpu its number
     * @param owners the instances whose CPU list holds it
     * @param pooled whether the kernel's pool holds it
     * @param online whether the host has it online
     */
    record CpuOwner(int cpu, List<String> owners, boolean pooled, boolean online) {
        /** One word or name list, for a label: {@code host}, {@code pool}, {@code web}, {@code web + db}, {@code off}. */
        String who() {
            List<String> all = new ArrayList<>(owners);
            if (pooled) {
                all.add("pool");
            }
            if (online) {
                all.add("host");
            }
            return all.isEmpty() ? "off" : String.join(" + ", all);
        }

        /** Whether two owners claim it (the host, when it has online a CPU an instance or the pool holds, is one). */
        boolean contested() {
            return owners.size() + (pooled ? 1 : 0) + (online ? 1 : 0) > 1;
        }
    }

    /** Every CPU of the machine after {@code state}, with who has it. */
    static List<CpuOwner> cpus(StateView state) {
        List<CpuOwner> cpus = new ArrayList<>();
        List<Integer> online = cpuList(state.onlineCpus());
        List<Integer> pool = cpuList(state.poolCpus().orElse(""));
        for (int cpu = 0; cpu < state.cpuCount(); cpu++) {
            List<String> owners = new ArrayList<>();
            for (InstanceView i : state.instances()) {
                if (cpuList(i.cpus()).contains(cpu)) {
                    owners.add(i.name());
                }
            }
            cpus.add(new CpuOwner(cpu, owners, pool.contains(cpu), online.contains(cpu)));
        }
        return cpus;
    }

    /** The CPUs of a list as {@code Formats.cpus} writes it ({@code 0,4-7}, {@code none}). */
    static List<Integer> cpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] ends = part.strip().split("-");
            if (ends.length == 0 || ends.length > 2 || !ends[0].matches("[0-9]{1,5}")
                    || (ends.length == 2 && !ends[1].matches("[0-9]{1,5}"))) {
                continue;
            }
            int from = Integer.parseInt(ends[0]);
            int to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /** The headings of the instances' further columns, in the order first met. */
    static List<String> columns(List<InstanceView> instances) {
        List<String> headings = new ArrayList<>();
        for (InstanceView i : instances) {
            for (ReportModel.Column c : i.more()) {
                if (!headings.contains(c.heading())) {
                    headings.add(c.heading());
                }
            }
        }
        return headings;
    }

    /** Whether the column {@code heading} holds numbers for every instance that has it. */
    static boolean column(List<InstanceView> instances, String heading) {
        boolean number = true;
        for (InstanceView i : instances) {
            for (ReportModel.Column c : i.more()) {
                number &= !c.heading().equals(heading) || c.number();
            }
        }
        return number;
    }

    /** An instance's value in column {@code heading}, empty when it has none. */
    static String value(InstanceView instance, String heading) {
        for (ReportModel.Column c : instance.more()) {
            if (c.heading().equals(heading)) {
                return c.value();
            }
        }
        return "";
    }

    /** What the spawned kernels' trees are called, for a table heading: {@code handover FDT}, {@code manifest}. */
    static String trees(List<SpawnedView> spawned) {
        List<String> names = new ArrayList<>();
        for (SpawnedView k : spawned) {
            if (!names.contains(k.tree())) {
                names.add(k.tree());
            }
        }
        return String.join(" / ", names);
    }

    /** {@code text} with its first letter upper case, to start a sentence. */
    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
