package mkspec.traces.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mkspec.traces.report.ReportModel.Broken;
import mkspec.traces.report.ReportModel.InstanceView;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;
import mkspec.traces.report.ReportModel.SpawnedView;
import mkspec.traces.report.ReportModel.StateView;
import mkspec.traces.report.ReportModel.StepView;

/** Report models built by hand, each showing one kind of case a report must lay out. */
final class ReportModels {

    static final long K = 1024;
    static final long M = K * K;
    static final long G = M * K;
    static final long POOL = 0x4000_0000L;

    static final String HOSTILE_NAME = "<script>alert('x')</script>";
    static final String PIPE_NAME = "a|b";
    static final String FENCE_NAME = "```";
    static final String CONTROL_NAME = "ev\u0001l\u202Egnp.exe";

    private ReportModels() {
    }

    static final Map<String, String> STATEMENTS = Map.of(
            "segments-inside-instance",
            "every segment and control page of a multikernel image lies inside its instance's memory",
            "fdt-reads-in-bounds", "no FDT is read past its buffer or its declared size",
            "handover-page-alive",
            "the handover page is neither freed nor reused before the spawned kernel has read it",
            "segments-disjoint", "no two segments or control pages of any loaded images overlap",
            "instances-disjoint",
            "instances' memory and CPU sets are pairwise disjoint; CPU 0 stays with the host");

    static final String HANDOVER_DTS = """
            /dts-v1/;

            / {
            \tcompatible = "multikernel-v1";
            \tmultikernel {
            \t\tdtb-data = [d0 0d fe ed 00 00 01 2c];
            \t};
            };
            """;

    static Region region(RegionKind kind, String owner, long start, long size) {
        return new Region(kind, owner, start, size, "");
    }

    static Region region(RegionKind kind, String owner, long start, long size, String note) {
        return new Region(kind, owner, start, size, note);
    }

    static InstanceView instance(String name, long id, String status, String cpus, long memory, String image) {
        return new InstanceView(name, id, status, cpus, memory, Optional.ofNullable(image), 300);
    }

    static StateView state(MemoryMap memory, List<InstanceView> instances, List<SpawnedView> spawned) {
        return new StateView(memory, instances, spawned, "0,3-7", false, 0, Optional.empty());
    }

    static StepView step(int index, String text, String expected, String actual, StateView after) {
        return new StepView(index, text, 8 + 4 * index, Optional.ofNullable(expected), actual, Optional.empty(),
                List.of(), List.of(), List.of(), after);
    }

    /**
     * Three steps: two instances are made, web's image loads inside it, then a load too big for db's pool falls
     * back to host RAM (D2) and breaks segments-inside-instance.
     */
    static ReportModel threeStepViolation() {
        long pool = 4 * M;
        List<Region> afterUpload = List.of(
                region(RegionKind.INSTANCE, "web", POOL, M),
                region(RegionKind.INSTANCE, "db", POOL + M, M),
                region(RegionKind.POOL_FREE, "pool", POOL + 2 * M, 2 * M));
        List<InstanceView> instances = List.of(
                instance("web", 1, "ready", "1", M, null),
                instance("db", 2, "ready", "2-3", M, null));
        StateView one = state(new MemoryMap(4096, POOL, pool, afterUpload), instances, List.of());

        List<Region> afterLoad = new ArrayList<>(afterUpload);
        afterLoad.add(region(RegionKind.SEGMENT, "web", POOL, 512 * K));
        afterLoad.add(region(RegionKind.CONTROL_PAGE, "web", POOL + 512 * K, 8 * K));
        afterLoad.add(region(RegionKind.HANDOVER_PAGE, "web", 0x7ff0_0000L, 4 * K));
        List<InstanceView> loaded = List.of(
                instance("web", 1, "loaded", "1", M, "segments 1 (512K), control pages 2"),
                instance("db", 2, "ready", "2-3", M, null));
        StateView two = state(new MemoryMap(4096, POOL, pool, afterLoad), loaded, List.of());

        List<Region> afterBadLoad = new ArrayList<>(afterLoad);
        afterBadLoad.add(region(RegionKind.HOST_TAKEN, "db", 0x1_0000_0000L, 2 * M,
                "pool allocation failed; kexec fell back to host RAM"));
        afterBadLoad.add(region(RegionKind.SEGMENT, "db", 0x1_0000_0000L, 2 * M));
        afterBadLoad.add(region(RegionKind.HANDOVER_PAGE, "db", 0x7ff0_1000L, 4 * K));
        List<InstanceView> both = List.of(
                instance("web", 1, "loaded", "1", M, "segments 1 (512K), control pages 2"),
                instance("db", 2, "loaded", "2-3", M, "segments 1 (2M), control pages 0"));
        StateView three = state(new MemoryMap(4096, POOL, pool, afterBadLoad), both, List.of());

        StepView s3 = new StepView(3, "kexec-file-load id: 2 segments: [2M]", 20, Optional.of("ENOMEM"), "ok",
                Optional.of("result ok, expected ENOMEM"),
                List.of(new Broken("segments-inside-instance",
                        List.of("segment 0 of db's image at 0x100000000-0x100200000 is not in db's memory "
                                + "0x40100000-0x40200000"))),
                List.of(), List.of("reference placed segment 0 at 0x100000000; the spec refuses with ENOMEM"), three);
        return new ReportModel("d2-host-ram-fallback",
                Optional.of("Under RFC v2 a pool allocation failure falls back to host RAM."), "rfc-v2",
                "page 4K, 8 CPUs, pool 4M@0x40000000", "step 3 broke segments-inside-instance",
                List.of(
                        step(1, "upload-device-tree instances: [web, db]", "ok", "ok", one),
                        step(2, "kexec-file-load id: 1 segments: [512K]", "ok", "ok", two),
                        s3),
                STATEMENTS);
    }

    /**
     * A spawned kernel reads a device tree past its buffer and the host crashes; the pool is 16 pages, so the map
     * shows a page grid.
     */
    static ReportModel crash() {
        long pool = 64 * K;
        List<Region> regions = List.of(
                region(RegionKind.INSTANCE, "web", POOL, 32 * K),
                region(RegionKind.POOL_FREE, "pool", POOL + 32 * K, 32 * K),
                region(RegionKind.SEGMENT, "web", POOL, 16 * K),
                region(RegionKind.CONTROL_PAGE, "web", POOL + 16 * K, 4 * K),
                region(RegionKind.HANDOVER_PAGE, "web", 0x7ff0_0000L, 4 * K, "read by the spawned kernel"));
        MemoryMap map = new MemoryMap(4096, POOL, pool, regions);
        List<InstanceView> instances = List.of(instance("web", 1, "active", "1", 32 * K, "segments 1 (16K)"));
        SpawnedView kernel = new SpawnedView("web", 1, 1, 296, HANDOVER_DTS, "booted; restore read past the DTB");
        StateView loaded = state(map, List.of(instance("web", 1, "loaded", "1", 32 * K, "segments 1 (16K)")),
                List.of());
        StateView running = state(map, instances, List.of(kernel));
        StateView crashed = new StateView(map, instances, List.of(kernel), "0,2-7", false, 4096,
                Optional.of("BUG at kho restore: fdt read past buffer"));
        StepView boot = new StepView(3, "spawned-boot id: 1", 17, Optional.empty(), "crash", Optional.empty(),
                List.of(new Broken("fdt-reads-in-bounds", List.of("restore read 4096 bytes past the 300-byte DTB"))),
                List.of(), List.of(), crashed);
        return new ReportModel("d13-restore-reads-past-dtb", Optional.empty(), "fixed+D13",
                "page 4K, 8 CPUs, pool 64K@0x40000000", "step 3 crashed the host",
                List.of(
                        step(1, "kexec-file-load id: 1 segments: [16K]", "ok", "ok", loaded),
                        step(2, "reboot-multikernel id: 1", "ok", "ok", running),
                        boot),
                STATEMENTS);
    }

    /** One step that leaves no region at all. */
    static ReportModel emptyMap() {
        StateView empty = state(new MemoryMap(4096, POOL, 64 * M, List.of()), List.of(), List.of());
        return new ReportModel("empty", Optional.empty(), "fixed", "page 4K, 8 CPUs, pool 64M@0x40000000",
                "every step as expected", List.of(step(1, "status", "ok", "ok", empty)), Map.of());
    }

    /**
     * A 64M pool (16384 pages) with 100 regions: eight instances, free chunks, segments two of which overlap, two
     * instances that overlap, leaks, and twenty regions in host RAM gigabytes apart.
     */
    static MemoryMap bigMap() {
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            regions.add(region(RegionKind.INSTANCE, "inst" + i, POOL + i * 4 * M, 4 * M));
        }
        regions.add(region(RegionKind.INSTANCE, "overlapper", POOL + 6 * M, 4 * M, "overlaps inst1 and inst2"));
        for (int i = 0; i < 16; i++) {
            regions.add(region(RegionKind.POOL_FREE, "pool", POOL + 32 * M + i * 2 * M, 2 * M));
        }
        regions.add(region(RegionKind.POOL_LEAKED, "pool", POOL + 31 * M, 512 * K));
        while (regions.size() < 78) {
            int n = regions.size() - 26;
            int inst = n % 8;
            long at = POOL + inst * 4 * M + (n / 8) * 384 * K;
            regions.add(region(n % 5 == 0 ? RegionKind.CONTROL_PAGE : RegionKind.SEGMENT, "inst" + inst, at,
                    n % 5 == 0 ? 4 * K : 256 * K));
        }
        regions.add(region(RegionKind.SEGMENT, "inst0", POOL + 484 * K, 256 * K, "overlaps another segment"));
        regions.add(region(RegionKind.ALLOCATION_LEAKED, "inst3", POOL + 12 * M + 3 * M, 128 * K));
        for (int i = 0; i < 20; i++) {
            long at = (long) (i + 2) * 3 * G + (i % 3) * 8 * K;
            regions.add(region(i % 2 == 0 ? RegionKind.HOST_TAKEN : RegionKind.HANDOVER_PAGE, "inst" + (i % 8), at,
                    i % 2 == 0 ? 2 * M : 4 * K));
        }
        return new MemoryMap(4096, POOL, 64 * M, regions);
    }

    static ReportModel bigMapModel() {
        StateView state = state(bigMap(), List.of(instance("inst0", 1, "loaded", "1", 4 * M, "segments 8")),
                List.of());
        StepView step = new StepView(1, "kexec-file-load id: 1 segments: [256K]", 9, Optional.of("ok"), "ok",
                Optional.empty(), List.of(new Broken("segments-disjoint", List.of("two segments of inst0 overlap"))),
                List.of(), List.of(), state);
        return new ReportModel("big-map", Optional.empty(), "rfc-v2", "page 4K, 8 CPUs, pool 64M@0x40000000",
                "step 1 broke segments-disjoint", List.of(step), STATEMENTS);
    }

    /** Every piece of model text is hostile: markup, pipes, fences, control and bidi characters. */
    static ReportModel hostile() {
        List<Region> regions = List.of(
                region(RegionKind.INSTANCE, HOSTILE_NAME, POOL, 64 * K, "note </title><script>x</script>"),
                region(RegionKind.INSTANCE, PIPE_NAME, POOL + 64 * K, 64 * K),
                region(RegionKind.SEGMENT, FENCE_NAME, POOL, 8 * K),
                region(RegionKind.SEGMENT, CONTROL_NAME, POOL + 64 * K, 8 * K, "]]> & <!-- -->"));
        MemoryMap map = new MemoryMap(4096, POOL, 256 * K, regions);
        List<InstanceView> instances = List.of(
                instance(HOSTILE_NAME, 1, "ready", "1", 64 * K, "<img src=x onerror=alert(1)>"),
                instance(PIPE_NAME, 2, "ready|bad", "2|3", 64 * K, null),
                instance(FENCE_NAME, 3, "ready", "4", 0, "``` not a fence"),
                instance(CONTROL_NAME, 4, "ready", "5", 0, null));
        SpawnedView kernel = new SpawnedView(HOSTILE_NAME, 1, 1, 200,
                "/ {\n\tname = \"</pre><script>alert(1)</script>\";\n\tfence = \"```\n````\";\n};\n", "<b>booted</b>");
        StateView after = new StateView(map, instances, List.of(kernel), "0|1", true, 0,
                Optional.of("BUG <here> & | there"));
        StepView step = new StepView(1, "upload-device-tree instances: [" + HOSTILE_NAME + ", " + PIPE_NAME + "]", 5,
                Optional.of("ok|EINVAL"), "``ok``", Optional.of("differs </p> | ``` "),
                List.of(new Broken("<id>", List.of("detail | with <b>markup</b>", "- a list? no", "# not a heading"))),
                List.of("car|ried"), List.of("ref <i>"), after);
        StepView second = step(2, "status " + FENCE_NAME, null, "ok", after);
        return new ReportModel(HOSTILE_NAME, Optional.of("desc <script>\n- item\n```\n| a | b |"), "rfc-v2|x",
                "machine <br>", "verdict <b>bold</b> | pipe", List.of(step, second), Map.of("<id>", "statement <u>"));
    }

    /**
     * The showcase: five steps from an instance upload through a host-RAM fallback to a crash in the spawned kernel.
     */
    static ReportModel example() {
        ReportModel three = threeStepViolation();
        StateView before = three.steps().get(2).after();
        SpawnedView kernel = new SpawnedView("web", 1, 1, 296, HANDOVER_DTS, "not booted yet");
        List<InstanceView> active = List.of(
                instance("web", 1, "active", "1", M, "segments 1 (512K), control pages 2"),
                before.instances().get(1));
        StateView running = new StateView(before.memory(), active, List.of(kernel), "0,2-7", false, 0,
                Optional.empty());
        SpawnedView booted = new SpawnedView("web", 1, 1, 296, HANDOVER_DTS, "booted; restore read past the DTB");
        StateView crashed = new StateView(before.memory(), active, List.of(booted), "0,2-7", true, 4096,
                Optional.of("BUG at kho restore: fdt read past buffer"));
        List<StepView> steps = new ArrayList<>(three.steps());
        steps.add(new StepView(4, "reboot-multikernel id: 1", 24, Optional.of("ok"), "ok", Optional.empty(),
                List.of(), List.of("segments-inside-instance"), List.of(), running));
        steps.add(new StepView(5, "spawned-boot id: 1", 26, Optional.empty(), "crash",
                Optional.of("the host crashed"),
                List.of(new Broken("fdt-reads-in-bounds", List.of("restore read 4096 bytes past the 300-byte DTB")),
                        new Broken("handover-page-alive", List.of("handover page 0x7ff00000 was freed at step 4"))),
                List.of("segments-inside-instance"), List.of(), crashed));
        return new ReportModel("d2-then-d13", three.description(), three.profile(), three.machine(),
                "step 3 broke segments-inside-instance; step 5 crashed the host", steps, STATEMENTS);
    }

    /** All the models above, for checks every report must pass. */
    static List<ReportModel> all() {
        return List.of(threeStepViolation(), crash(), emptyMap(), bigMapModel(), hostile(), example());
    }
}
