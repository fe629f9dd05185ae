package mkspec.traces.report;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.lib.GenPool;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.KImage;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.MkPool;
import mkspec.reference.mk2.include.OverlayTx;
import mkspec.reference.mk2.include.Spawn;
import mkspec.reference.mk2.kernel.KexecFile;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.reference.mk2.mm.PageAlloc;
import mkspec.refinement.mk2.Mk2ReferenceSystem;
import mkspec.spec.mk2.Mk2Labels;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.Mk2TraceFormat;
import mkspec.traces.format.Numbers;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;
import mkspec.traces.replay.Formats;
import mkspec.traces.replay.Mk2Replayer;
import mkspec.traces.replay.Replayer;

/**
 * Builds the {@link ReportModel} of an mk2 replay, as {@link ReportBuilder} does for RFC v2: the steps, what each
 * broke and why, and the mk2 host after each. Its map draws System RAM to scale, since everything the mk2 paths
 * allocate lies in it: the runtime pool's chunks ({@code mk_pool_mem_grow}), the instances' regions and instance pools
 * in them, the segments placed there, and the host pages kexec takes for manifests, IPI rings and control pages.
 * Names are shown as the labels write them (a name of 11,000 'b's is {@code b*11000}).
 */
public final class Mk2ReportBuilder {
    private Mk2ReportBuilder() {
    }

    /** The report of {@code replay}, a replay of {@code trace}. */
    public static ReportModel of(Mk2Trace trace, Mk2Replayer.Replay replay) {
        String yaml = Mk2TraceFormat.write(trace);
        List<Integer> lines = stepLines(yaml, trace);
        Map<String, String> statements = new LinkedHashMap<>();
        List<ReportModel.StepView> steps = new ArrayList<>();
        for (Mk2Replayer.StepRecord r : replay.steps()) {
            List<ReportModel.Broken> broken = new ArrayList<>();
            List<String> carried = new ArrayList<>();
            List<String> refinement = new ArrayList<>();
            for (Mk2Replayer.Broken b : r.why()) {
                if (b.id().equals(Mk2ReferenceSystem.REFINEMENT)) {
                    refinement.addAll(b.details());
                    continue;
                }
                statements.put(b.id(), b.statement());
                if (b.before()) {
                    carried.add(b.id());
                } else {
                    broken.add(new ReportModel.Broken(b.id(), b.details()));
                }
            }
            Mk2Trace.Step step = trace.steps().get(r.index() - 1);
            boolean last = r.index() == replay.steps().size();
            // a threaded step names its thread, so the layouts draw the steps in lanes as RFC v2's threaded reports
            steps.add(new ReportModel.StepView(r.index(), r.action(), lines.get(r.index() - 1), step.result(),
                r.result() == null ? Replayer.describe(null) : r.result(), replay.difference().filter(d -> last), broken,
                carried, refinement, state(r.machineAfter()), r.thread()));
        }
        Mk2Machine.Config config = Mk2ReferenceSystem.config(replay.bounds());
        String machine = "page size " + Numbers.formatSize(config.pageSize()) + ", " + config.cpus() + " CPUs, System RAM "
            + Numbers.formatSize(config.ramPages() * config.pageSize()) + "@" + Numbers.formatHex(config.ramFirstPfn()
            * config.pageSize()) + "; bounds " + replay.bounds().asMap();
        ReportModel.StateView initial = state(new Mk2Machine(config, replay.profile()));
        return new ReportModel(trace.name(), trace.description(), replay.profile().name(), machine, verdict(replay),
            steps, statements, Optional.of(initial), Optional.of(yaml));
    }

    /** The line of each step in {@code yaml}, the trace.yaml the report folder holds. */
    private static List<Integer> stepLines(String yaml, Mk2Trace t) {
        List<Integer> lines = new ArrayList<>();
        if (Mk2TraceFormat.read(yaml, ReportWriter.TRACE_FILE) instanceof Mk2TraceFormat.Read.Accepted written
            && written.trace().steps().size() == t.steps().size()) {
            written.trace().steps().forEach(s -> lines.add(s.position().line()));
            return lines;
        }
        t.steps().forEach(s -> lines.add(s.position().line()));
        return lines;
    }

    /** One line on the whole replay, as {@link ReportBuilder#verdict} says it for RFC v2. */
    public static String verdict(Mk2Replayer.Replay replay) {
        if (replay.difference().isPresent()) {
            return "step " + replay.steps().size() + " differs from the trace: " + replay.difference().get();
        }
        for (Mk2Replayer.StepRecord r : replay.steps()) {
            if (!r.broken().isEmpty()) {
                return "replays as recorded; step " + r.index() + " breaks " + String.join(", ", r.broken());
            }
        }
        return "replays as recorded; every invariant holds after every step";
    }

    /** The mk2 host after a step. */
    static ReportModel.StateView state(Mk2Machine m) {
        Host h = m.host();
        long page = h.pageSize;
        List<Region> regions = new ArrayList<>();
        List<long[]> owned = new ArrayList<>();
        if (h.pool != null && h.pool.nodePool() != null) {
            for (GenPool.Chunk c : h.pool.nodePool().chunks()) {
                c.forEachRun(false, page, (s, n) -> regions.add(new Region(RegionKind.POOL_FREE, "pool", s, n, "")));
            }
        }
        List<ReportModel.InstanceView> instances = new ArrayList<>();
        for (MkInstance i : h.records.values()) {
            instance(h, i, regions, owned);
            instances.add(view(h, i));
        }
        if (h.pool != null && h.pool.nodePool() != null) {
            for (GenPool.Chunk c : h.pool.nodePool().chunks()) {
                c.forEachRun(true, page, (s, n) -> {
                    for (long a = s; a < s + n; a += page) {
                        if (!inside(owned, a)) {
                            regions.add(new Region(RegionKind.POOL_LEAKED, "nobody", a, page,
                                "taken from the pool, owned by no instance"));
                        }
                    }
                });
            }
        }
        List<long[]> imagePages = new ArrayList<>();
        for (KImage k : h.images.values()) {
            image(h, k, regions, imagePages);
        }
        leakedHostPages(h, m.config().ramPages(), regions, imagePages);
        List<ReportModel.SpawnedView> spawned = new ArrayList<>();
        for (Spawn s : h.running) {
            spawned.add(spawned(h, s));
        }
        long ramStart = h.pages.first() * page;
        long ramSize = m.config().ramPages() * page;
        return new ReportModel.StateView(new ReportModel.MemoryMap(page, "System RAM", ramStart, ramSize, regions),
            instances, spawned, Formats.cpus(h.online), Optional.of(h.pool == null ? "none" : Formats.cpus(h.pool.cpus)),
            facts(h), m.crashed() == null ? Optional.empty() : Optional.of(m.crashed().site()), h.nrCpus);
    }

    /**
     * An instance's regions, the chunks of its instance pool that no region covers (a memory-remove of a create-time
     * region, N12), and the allocations in its pool that no live image of it holds (N1).
     */
    private static void instance(Host h, MkInstance i, List<Region> regions, List<long[]> owned) {
        long page = h.pageSize;
        String name = Mk2Labels.name(i.name);
        for (MkInstance.MemoryRegion r : i.memoryRegions) {
            regions.add(new Region(RegionKind.INSTANCE, name, r.base(), r.size(),
                r.chunk() ? "a chunk of its instance pool" : "a memory-add region, outside its instance pool"));
            owned.add(new long[] {r.base(), r.size()});
        }
        if (i.instancePool == null) {
            return;
        }
        List<long[]> held = new ArrayList<>();
        for (KImage k : h.images.values()) {
            if (k.mkInstance == i.serial) {
                k.segments.forEach(s -> held.add(new long[] {s.mem(), s.memsz()}));
            }
        }
        for (GenPool.Chunk c : i.instancePool.chunks()) {
            boolean covered = false;
            for (MkInstance.MemoryRegion r : i.memoryRegions) {
                covered |= r.base() == c.startAddr() && r.size() == c.size();
            }
            if (!covered) {
                regions.add(new Region(RegionKind.INSTANCE_POOL, name, c.startAddr(), c.size(),
                    "a chunk of " + name + "'s instance pool that none of its regions covers: the pool still hands it out"));
            }
            c.forEachRun(true, page, (s, n) -> {
                for (long a = s; a < s + n; a += page) {
                    if (!inside(held, a)) {
                        regions.add(new Region(RegionKind.ALLOCATION_LEAKED, name, a, page,
                            "allocated in the instance pool, held by no live image"));
                    }
                }
            });
        }
    }

    /** A kimage's segments, manifest, IPI ring, control and crash pages; the host pages among them go to {@code pages}. */
    private static void image(Host h, KImage k, List<Region> regions, List<long[]> pages) {
        long page = h.pageSize;
        MkInstance of = h.records.get(k.mkInstance);
        String owner = k.type == KImage.Type.CRASH ? "crash image" : of != null ? Mk2Labels.name(of.name) : "id " + k.mkId;
        String note = k.onList ? "" : "of a kimage not on kexec_image_list";
        for (KImage.Segment s : k.segments) {
            regions.add(new Region(RegionKind.SEGMENT, owner, s.mem(), s.memsz(), note));
        }
        if (k.manifest >= 0) {
            long bytes = page << KexecFile.manifestOrder(h);
            pages.add(new long[] {k.manifest * page, bytes});
            regions.add(new Region(RegionKind.MANIFEST, owner, k.manifest * page, bytes, manifestNote(h, k)));
        }
        if (k.ipiRing >= 0) {
            long bytes = page << KexecFile.IPI_RING_ORDER;
            pages.add(new long[] {k.ipiRing * page, bytes});
            regions.add(new Region(RegionKind.IPI_RING, owner, k.ipiRing * page, bytes, note));
        }
        for (long pfn : k.controlPages) {
            pages.add(new long[] {pfn * page, page});
            regions.add(new Region(RegionKind.CONTROL_PAGE, owner, pfn * page, page, note));
        }
        for (long pfn : k.crashPages) {
            pages.add(new long[] {pfn * page, page});
            regions.add(new Region(RegionKind.CRASH_SEGMENT, owner, pfn * page, page, note));
        }
    }

    private static String manifestNote(Host h, KImage k) {
        for (Spawn s : h.running) {
            if (s.image() == k.serial) {
                return "the boot tree " + Mk2Labels.name(s.name()) + "'s running kernel booted from";
            }
        }
        return "the boot tree exec writes";
    }

    /**
     * The host pages allocated that neither a pool chunk nor a live kimage holds: what a kimage_free that frees too
     * little (N9) or an unwind that forgets (N1) leaves. The page allocator keeps its bitmap to itself, so the free
     * frames are read off a copy of it: {@code alloc_pages(0)} hands out the lowest free frame until none is left.
     */
    private static void leakedHostPages(Host h, int ramPages, List<Region> regions, List<long[]> imagePages) {
        long page = h.pageSize;
        PageAlloc probe = h.pages.copy();
        BitSet free = new BitSet();
        for (long pfn = probe.alloc_pages(0); pfn >= 0; pfn = probe.alloc_pages(0)) {
            free.set((int) (pfn - h.pages.first()));
        }
        List<long[]> held = new ArrayList<>(imagePages);
        if (h.pool != null) {
            for (MkPool.Chunk c : h.pool.chunks) {
                held.add(new long[] {c.base(), c.size()});
            }
        }
        long runStart = -1;
        long runEnd = -1;
        for (int f = 0; f <= ramPages; f++) {
            long at = (h.pages.first() + f) * page;
            boolean leaked = f < ramPages && !free.get(f) && !inside(held, at);
            if (leaked && runStart < 0) {
                runStart = at;
            }
            if (leaked) {
                runEnd = at + page;
            } else if (runStart >= 0) {
                regions.add(new Region(RegionKind.HOST_LEAKED, "nobody", runStart, runEnd - runStart,
                    "allocated for kexec, held by no live kimage"));
                runStart = -1;
            }
        }
    }

    private static boolean inside(List<long[]> ranges, long address) {
        for (long[] r : ranges) {
            if (address >= r[0] && address < r[0] + r[1]) {
                return true;
            }
        }
        return false;
    }

    /** An instance's row: its status, CPUs, memory, image, reference count and record. */
    private static ReportModel.InstanceView view(Host h, MkInstance i) {
        long memory = 0;
        for (MkInstance.MemoryRegion r : i.memoryRegions) {
            memory += r.size();
        }
        Optional<String> image = Optional.empty();
        if (i.kimage != 0) {
            KImage k = h.images.get(i.kimage);
            image = Optional.of(k == null ? "FREED (dangling pointer): kimage #" + i.kimage + " was freed" : image(h, k));
        }
        List<String> record = new ArrayList<>();
        record.add(i.published ? "published" : "unpublished");
        record.add(i.kn ? "kernfs dir" : "no kernfs dir");
        List<ReportModel.Column> more = new ArrayList<>();
        more.add(new ReportModel.Column("refs", Integer.toString(i.refcount), true));
        more.add(new ReportModel.Column("record", String.join(", ", record), false));
        if (i.hostTree != null) {
            more.add(new ReportModel.Column("host tree", Numbers.formatSize(i.hostTree.length), true));
        }
        return new ReportModel.InstanceView(Mk2Labels.name(i.name), i.id, i.state.name().toLowerCase(java.util.Locale.ROOT),
            cpus(i.cpus), memory, image, more);
    }

    private static String image(Host h, KImage k) {
        List<String> sizes = new ArrayList<>();
        for (KImage.Segment s : k.segments) {
            sizes.add(Numbers.formatSize(s.memsz()) + "@" + Numbers.formatHex(s.mem()));
        }
        List<String> parts = new ArrayList<>();
        parts.add("segments " + sizes);
        if (k.manifest >= 0) {
            parts.add("manifest " + Numbers.formatHex(k.manifest * h.pageSize));
        }
        if (k.ipiRing >= 0) {
            parts.add("IPI ring " + Numbers.formatHex(k.ipiRing * h.pageSize));
        }
        parts.add("control pages " + k.controlPages.size());
        return String.join(", ", parts) + (k.onList ? "" : ", not on kexec_image_list");
    }

    /** A spawned kernel: where it runs, the manifest it booted from as DTS, what it was told and what it restored. */
    private static ReportModel.SpawnedView spawned(Host h, Spawn s) {
        KImage k = h.images.get(s.image());
        byte[] manifest = k == null ? null : k.manifestPage;
        long bytes = manifest == null ? 0 : Integer.toUnsignedLong(FdtRo.fdt_totalsize(FdtView.of(manifest)));
        String dts = manifest == null ? "(its kimage was freed: the manifest pages are gone)" : ReportBuilder.blobDts(manifest);
        return new ReportModel.SpawnedView(Mk2Labels.name(s.name()), s.id(), cpus(s.cpus()), "manifest", bytes, dts, boot(s),
            Optional.empty());
    }

    private static String boot(Spawn s) {
        Spawn.Told t = s.told();
        String told = switch (t.kind()) {
            case TELLS -> "its manifest tells id " + t.id() + ", " + (t.name().isEmpty() ? "no name" : Mk2Labels.name(t.name()))
                + ", CPUs " + cpus(t.cpus()) + ", memory " + Numbers.formatSize(t.memoryBytes()) + "@"
                + Numbers.formatHex(t.memoryBase());
            case UNFINISHED -> "its manifest is a tree libfdt's writer left unfinished";
            case MALFORMED -> "its manifest is not a multikernel boot tree";
        };
        if (s.restored() == null) {
            return told + "; it restored nothing";
        }
        Spawn.Restored r = s.restored();
        return told + "; it restored itself as id " + r.id() + ", " + (r.name().isEmpty() ? "no name" : Mk2Labels.name(r.name()))
            + ", CPUs " + cpus(r.cpus()) + (s.selfAlive() ? "" : "; its own record (mk_self) has been freed");
    }

    /** The mk2 host's own facts: the baseline, the host pages kexec holds, queued halts, the overlay transactions. */
    private static List<ReportModel.Fact> facts(Host h) {
        long poolPages = 0;
        if (h.pool != null) {
            for (MkPool.Chunk c : h.pool.chunks) {
                poolPages += c.size() / h.pageSize;
            }
        }
        long kexec = h.pages.allocated() - poolPages;
        long images = 0;
        for (KImage k : h.images.values()) {
            images += k.controlPages.size() + k.crashPages.size() + (k.manifest >= 0 ? 1L << KexecFile.manifestOrder(h) : 0)
                + (k.ipiRing >= 0 ? 1L << KexecFile.IPI_RING_ORDER : 0);
        }
        List<String> txs = new ArrayList<>();
        for (OverlayTx t : h.txs) {
            txs.add("tx_" + t.id + " " + (t.applied ? "applied" : "failed"));
        }
        return List.of(
            new ReportModel.Fact(ReportModel.Fact.Topic.PAGES, "baseline", h.pool == null ? "not written" : "written", false),
            new ReportModel.Fact(ReportModel.Fact.Topic.PAGES, "host pages kexec holds", kexec
                + (kexec == images ? "" : ", its kimages " + images), kexec != images),
            new ReportModel.Fact(ReportModel.Fact.Topic.KERNEL, "MK_SYS_HALTED queued",
                h.pendingHalted.isEmpty() ? "none" : "for id " + h.pendingHalted, false),
            new ReportModel.Fact(ReportModel.Fact.Topic.OVERLAYS, "overlay transactions",
                txs.isEmpty() ? "none" : String.join(", ", txs), false));
    }

    private static String cpus(List<Long> cpus) {
        BitSet b = new BitSet();
        cpus.forEach(c -> b.set((int) (long) c));
        return Formats.cpus(b);
    }
}
