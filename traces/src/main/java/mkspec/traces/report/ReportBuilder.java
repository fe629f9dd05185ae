package mkspec.traces.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mkspec.reference.fdt.DtsPrinter;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.lib.GenPool;
import mkspec.reference.machine.Machine;
import mkspec.reference.mm.HostMemory;
import mkspec.refinement.Judge;
import mkspec.traces.format.ExpectedResult;
import mkspec.traces.format.Numbers;
import mkspec.traces.format.StepText;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.format.TraceWriter;
import mkspec.traces.replay.Formats;
import mkspec.traces.replay.Replayer;
import mkspec.traces.steps.TraceCommands;

/** Builds the {@link ReportModel} of a replay: the steps, what each broke, the machine after each. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    public static ReportModel of(Replayer.Replay replay) {
        Trace t = replay.trace();
        String yaml = TraceWriter.write(t);
        List<Integer> lines = stepLines(yaml, t);
        List<ReportModel.StepView> steps = new ArrayList<>();
        Map<String, String> statements = new LinkedHashMap<>();
        for (Replayer.StepRecord r : replay.steps()) {
            List<ReportModel.Broken> broken = new ArrayList<>();
            for (Judge.Broken b : r.judgement().broken()) {
                broken.add(new ReportModel.Broken(b.id(), b.details()));
                statements.put(b.id(), b.statement());
            }
            List<String> carried = new ArrayList<>();
            for (Judge.Broken b : r.judgement().carried()) {
                carried.add(b.id());
                statements.put(b.id(), b.statement());
            }
            Optional<String> expected = r.step().expect().flatMap(e -> e.result()).map(ExpectedResult::word);
            Optional<String> differs = replay.difference().filter(d -> d.index() == r.index())
                .map(d -> d.what() + ": expected " + d.expected() + ", got " + d.actual());
            steps.add(new ReportModel.StepView(r.index(), StepText.of(r.step()), lines.get(r.index() - 1), expected,
                Replayer.describe(r.result()), differs, broken, carried, r.judgement().refinement(), state(r.machineAfter()),
                t.threaded() ? t.thread(r.index() - 1) : 0));
        }
        String machine = "page size " + Numbers.formatSize(t.machine().pageSize()) + ", " + t.machine().cpus()
            + " CPUs, pool " + Numbers.formatPool(t.machine().poolSize(), t.machine().poolAddress());
        ReportModel.StateView initial = state(new Machine(TraceCommands.config(t.machine()), replay.profile()));
        return new ReportModel(t.name(), t.description(), replay.profile().name(), machine, verdict(replay), steps, statements,
            Optional.of(initial), Optional.of(yaml));
    }

    /**
     * The line of each step in {@code yaml}, the trace.yaml the report folder holds: the file given may have been
     * laid out otherwise, and a trace the checker wrote has no lines until it is written.
     */
    private static List<Integer> stepLines(String yaml, Trace t) {
        List<Integer> lines = new ArrayList<>();
        if (TraceReader.read(yaml, ReportWriter.TRACE_FILE) instanceof TraceReadResult.Accepted written
            && written.trace().steps().size() == t.steps().size()) {
            for (var step : written.trace().steps()) {
                lines.add(step.position().line());
            }
            return lines;
        }
        for (var step : t.steps()) {
            lines.add(step.position().line());
        }
        return lines;
    }

    /** One line on the whole replay. */
    public static String verdict(Replayer.Replay replay) {
        if (replay.difference().isPresent()) {
            Replayer.Difference d = replay.difference().get();
            return "step " + d.index() + " differs from the trace: " + d.what() + ": expected " + d.expected() + ", got " + d.actual();
        }
        for (Replayer.StepRecord r : replay.steps()) {
            if (!r.judgement().broken().isEmpty()) {
                return "replays as recorded; step " + r.index() + " breaks " + String.join(", ", r.judgement().brokenIds());
            }
        }
        return "replays as recorded; every invariant holds after every step";
    }

    /** The machine after a step. */
    public static ReportModel.StateView state(Machine m) {
        long page = m.config().pageSize();
        List<ReportModel.Region> regions = new ArrayList<>();
        GenPool global = m.pool().genPool();
        long poolStart = m.pool().start();
        long poolSize = m.pool().size();
        List<long[]> claimed = new ArrayList<>();
        // the handover page an image holds, by address: after exec the spawned kernel waits on that same page
        Map<Long, Integer> handoverRegions = new LinkedHashMap<>();
        if (global != null) {
            for (GenPool.Chunk c : global.chunks()) {
                c.forEachRun(false, page, (s, n) -> regions.add(new ReportModel.Region(ReportModel.RegionKind.POOL_FREE, "pool", s, n, "")));
            }
        }
        List<ReportModel.InstanceView> instances = new ArrayList<>();
        for (MkInstance i : m.core().instances()) {
            for (MkInstance.Region r : i.memoryRegions()) {
                regions.add(new ReportModel.Region(ReportModel.RegionKind.INSTANCE, i.name(), r.start(), r.size(), ""));
                claimed.add(new long[] {r.start(), r.size()});
            }
            KImage img = (KImage) i.kimage();
            if (i.instancePool() != null) {
                for (GenPool.Chunk c : i.instancePool().chunks()) {
                    c.forEachRun(true, page, (s, n) -> {
                        if (img == null || !img.alive() || !held(img, s, n, page)) {
                            regions.add(new ReportModel.Region(ReportModel.RegionKind.ALLOCATION_LEAKED, i.name(), s, n,
                                "allocated in the instance pool, held by no live image"));
                        }
                    });
                }
            }
            instances.add(new ReportModel.InstanceView(i.name(), Integer.toUnsignedLong(i.id()), i.state().text(),
                Formats.cpus(i.cpus()), i.memoryBytes(), Optional.ofNullable(img).map(k -> image(k, poolStart, poolSize)), i.dtbSize()));
        }
        if (global != null) {
            for (GenPool.Chunk c : global.chunks()) {
                c.forEachRun(true, page, (s, n) -> {
                    for (long a = s; a < s + n; a += page) {
                        boolean owned = false;
                        for (long[] cl : claimed) {
                            if (a >= cl[0] && a < cl[0] + cl[1]) {
                                owned = true;
                                break;
                            }
                        }
                        if (!owned) {
                            regions.add(new ReportModel.Region(ReportModel.RegionKind.POOL_LEAKED, "nobody", a, page,
                                "taken from the pool, owned by no instance"));
                        }
                    }
                });
            }
        }
        for (KImage k : m.images()) {
            if (!k.isMultikernel()) {
                // a plain image's destinations are only written at reboot, but an instance's load or unload that
                // takes it away (D4) must show
                for (KImage.Segment s : k.segments()) {
                    regions.add(new ReportModel.Region(ReportModel.RegionKind.PLAIN_SEGMENT, "host", s.mem(), s.memsz(),
                        k.alive() ? "copied here at reboot" : "of a freed kimage"));
                }
                continue;
            }
            String owner = k.mkInstance() != null ? k.mkInstance().name() : "id " + k.mkId();
            String dead = k.alive() ? "" : "of a freed kimage";
            for (KImage.Segment s : k.segments()) {
                boolean inPool = s.mem() >= poolStart && s.end() <= poolStart + poolSize;
                regions.add(new ReportModel.Region(inPool ? ReportModel.RegionKind.SEGMENT : ReportModel.RegionKind.HOST_TAKEN,
                    owner, s.mem(), s.memsz(), inPool ? dead : (k.segmentsLoaded() ? "host RAM overwritten at load" : "placed in host RAM")));
            }
            for (KImage.ControlPages c : k.mkControlPages()) {
                regions.add(new ReportModel.Region(ReportModel.RegionKind.CONTROL_PAGE, owner, c.addr(), c.size(), dead));
            }
            if (k.khoFdt() != 0) {
                handoverRegions.put(k.khoFdt(), regions.size());
                regions.add(new ReportModel.Region(ReportModel.RegionKind.HANDOVER_PAGE, owner, k.khoFdt(), page, "handover FDT page"));
            }
        }
        List<ReportModel.SpawnedView> spawned = new ArrayList<>();
        HostMemory host = m.host();
        for (SpawnedKernel k : m.kho().spawned()) {
            String name = k.startedFor().name();
            if (k.handoverPhys() != 0 && !k.booted()) {
                HostMemory.Page p = host.page(k.handoverPhys());
                boolean freed = p == null || p.refcount() == 0;
                boolean intact = host.holds(k.handoverPhys(), k.handoverAtExecRef(), k.handoverAtExecHash());
                String note = (freed ? "freed" : "held") + (intact ? "" : ", overwritten") + " before the spawned kernel read it";
                ReportModel.Region waiting = new ReportModel.Region(ReportModel.RegionKind.HANDOVER_PAGE, name, k.handoverPhys(),
                    page, freed || !intact ? note : "waiting for the spawned kernel");
                Integer held = handoverRegions.get(k.handoverPhys());
                if (held != null) {
                    // one page handed from the image to the kernel it started: one region, not an overlap of two
                    ReportModel.Region image = regions.get(held);
                    regions.set(held, new ReportModel.Region(image.kind(), image.owner(), image.start(), image.size(),
                        "handover FDT page, " + waiting.note()));
                } else {
                    regions.add(waiting);
                }
            }
            spawned.add(new ReportModel.SpawnedView(name, Integer.toUnsignedLong(k.startedFor().id()), k.cpu(),
                k.handoverTotalsize(), dts(k.handoverAtExec()), boot(k), readBack(k)));
        }
        return new ReportModel.StateView(new ReportModel.MemoryMap(page, poolStart, poolSize, regions), instances, spawned,
            Formats.cpus(m.cpus().online()), Optional.empty(),
            ReportModel.StateView.rfcV2Facts(m.rebootLockHeld(), m.fdtReads().bytes(), Optional.ofNullable(m.fdtReads().first())),
            m.crashed() == null ? Optional.empty() : Optional.of(m.crashed().site()), m.config().cpus());
    }

    private static boolean held(KImage img, long s, long n, long page) {
        for (long a = s; a < s + n; a += page) {
            boolean found = false;
            for (KImage.Segment seg : img.segments()) {
                if (a >= seg.mem() && a < seg.end()) {
                    found = true;
                }
            }
            for (KImage.ControlPages c : img.mkControlPages()) {
                if (a >= c.addr() && a < c.addr() + c.size()) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static String image(KImage k, long poolStart, long poolSize) {
        List<String> sizes = new ArrayList<>();
        for (KImage.Segment s : k.segments()) {
            sizes.add(Numbers.formatSize(s.memsz()) + "@" + Numbers.formatHex(s.mem()));
        }
        return (k.alive() ? "" : "FREED (dangling pointer): ") + "segments " + sizes + ", control pages " + k.mkControlPages().size()
            + (k.khoFdt() != 0 ? ", handover page " + Numbers.formatHex(k.khoFdt()) : "");
    }

    /** What the kernel read at restore against what exec wrote, once it has booted and read its page. */
    private static Optional<ReportModel.ReadBack> readBack(SpawnedKernel k) {
        byte[] read = k.booted() ? k.readAtRestore() : null;
        byte[] wrote = k.handoverAtExecRef();
        if (read == null || wrote == null) {
            return Optional.empty();
        }
        int differing = Math.abs(read.length - wrote.length);
        long first = read.length != wrote.length ? Math.min(read.length, wrote.length) : -1;
        for (int i = Math.min(read.length, wrote.length) - 1; i >= 0; i--) {
            if (read[i] != wrote[i]) {
                differing++;
                first = i;
            }
        }
        return Optional.of(new ReportModel.ReadBack(k.handoverPhys(), dts(read), read.length, differing, first));
    }

    private static String boot(SpawnedKernel k) {
        if (!k.booted()) {
            return "not booted yet";
        }
        if (!k.populated()) {
            return "booted; its handover FDT was rejected (multikernel revival disabled)";
        }
        String returned = k.restoreRet() != 0 ? " (mk_kho_restore_dtbs returned " + k.restoreRet() + ")" : "";
        return (k.restored() == null ? "booted; restored nothing" : "booted; restored " + Formats.restored(k.restored())) + returned;
    }

    /** A handover page as DTS, or why it is not a valid FDT. */
    static String dts(byte[] page) {
        if (page == null) {
            return "(no handover page)";
        }
        String printed = blobDts(page);
        FdtTree.ParseResult p = FdtTree.parse(page);
        if (!(p instanceof FdtTree.Parsed parsed)) {
            return printed;
        }
        Optional<byte[]> embedded = parsed.tree().root().flatMap(root -> root.child("multikernel"))
            .flatMap(mk -> mk.property("dtb-data")).map(FdtTree.Property::value);
        if (embedded.isEmpty()) {
            return printed;
        }
        // the instance's own tree is a blob inside the handover tree: shown decoded, as line comments so the whole
        // text stays valid DTS
        StringBuilder out = new StringBuilder(printed);
        out.append(printed.endsWith("\n") ? "" : "\n").append("\n// /multikernel/dtb-data (").append(embedded.get().length)
            .append(" bytes), decoded:\n");
        String inner = blobDts(embedded.get());
        for (String line : inner.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append("// ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** A blob as DTS, without looking inside it further. */
    static String blobDts(byte[] blob) {
        FdtTree.ParseResult p = FdtTree.parse(blob);
        if (p instanceof FdtTree.Malformed bad) {
            return "(not a valid FDT: " + bad.message() + " at offset " + bad.offset() + ")";
        }
        FdtTree tree = ((FdtTree.Parsed) p).tree();
        return DtsPrinter.unprintableReason(tree).map(r -> "(valid FDT, not printable as DTS: " + r + ")")
            .orElseGet(() -> DtsPrinter.print(tree));
    }
}
