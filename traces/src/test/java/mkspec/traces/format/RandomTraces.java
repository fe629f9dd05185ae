package mkspec.traces.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Random valid traces drawn from a seeded {@link Random}, reaching every op, every optional field, and the
 * awkward corners of the writer: names YAML would type, text that needs escaping, numbers at the 64-bit limit.
 */
final class RandomTraces {

    private static final String[] AWKWARD_NAMES = {
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "0", "123", "0x1f", "1e3", "2001-12-14", "1-2",
        "web", "db", "a", "x-", "0-",
    };

    private static final String[] TEXTS = {
        "", "plain words, with commas.", "Under RFC v2 the id bits (D3) fall outside KEXEC_FILE_FLAGS.",
        "line one\nline two\n", "line one\nline two", "\nstarts with a newline", "ends with two newlines\n\n",
        "  leading spaces", "trailing space ", "tab\there", "colon: space", "hash # mark", "#start", "- dash",
        "quote \" and backslash \\", "'single'", "caf\u00e9 \u65e5\u672c \ud83d\ude00", "nel\u0085line",
        "sep\u2028line", "bom\ufeffinside", "ctrl\u0001char", "del\u007f", "true", "Null", "~", "123", "0x10",
        "1M", "key: value", "[not a list]", "{not: a map}", "&anchor", "*alias", "!tag", "%percent", "@at",
        "`backtick`", "a\n\nb\n", "a\n  indented\n", "|", ">", "---", "...", "x\r\ny", "\u00a0nbsp",
    };

    private final Random random;

    RandomTraces(long seed) {
        this.random = new Random(seed);
    }

    Trace next() {
        int stepCount = random.nextInt(14);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepCount; i++) {
            steps.add(step());
        }
        Optional<String> description = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(text());
        String profile = random.nextBoolean() ? Trace.PROFILE_FIXED : Trace.PROFILE_RFC_V2;
        Set<String> errata = new LinkedHashSet<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            errata.add(ErrataIds.modelled().get(random.nextInt(ErrataIds.modelled().size())));
        }
        MachineSpec machine = random.nextInt(3) == 0 ? MachineSpec.DEFAULT : machine();
        return new Trace(1, name(), description, profile, List.copyOf(errata), machine, steps, Optional.empty());
    }

    private MachineSpec machine() {
        long pageSize = 4096L << random.nextInt(5);
        int cpus = 1 + random.nextInt(random.nextBoolean() ? 16 : MachineSpec.MAX_CPUS);
        // the model takes page-aligned pools that do not start at 0
        long size = memory() / pageSize * pageSize;
        long address = Math.min(memory(), Ranges.PHYSICAL_LIMIT - size) / pageSize * pageSize;
        if (address == 0 && size > 0) {
            address = pageSize;
            size = Math.min(size, Ranges.PHYSICAL_LIMIT - pageSize);
        }
        return new MachineSpec(pageSize, cpus, size, address);
    }

    private Step step() {
        Op op = Op.values()[random.nextInt(Op.values().length)];
        Optional<Expect> expect = expect(op);
        Position at = Position.UNKNOWN;
        switch (op) {
            case UPLOAD_DEVICE_TREE: {
                DeviceTreeSource tree;
                if (random.nextBoolean()) {
                    List<InstanceSpec> instances = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        instances.add(instance());
                    }
                    tree = new DeviceTreeSource.Instances(instances);
                } else {
                    byte[] blob = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 300)];
                    random.nextBytes(blob);
                    tree = new DeviceTreeSource.Dtb(blob);
                }
                Optional<Long> chunk = random.nextBoolean() ? Optional.empty() : Optional.of(1 + bytes() % Ranges.WRITE_CHUNK_MAX);
                return new Step.UploadDeviceTree(tree, chunk, expect, at);
            }
            case MKDIR:
                return new Step.Mkdir(name(), expect, at);
            case RMDIR:
                return new Step.Rmdir(name(), expect, at);
            case STATUS:
                return new Step.Status(expect, at);
            case KEXEC_FILE_LOAD: {
                LoadTarget target = random.nextBoolean() ? new LoadTarget.ById(id()) : new LoadTarget.RawFlags(bytes());
                Optional<LoadFailPoint> failAt = random.nextBoolean() ? Optional.empty()
                        : Optional.of(LoadFailPoint.values()[random.nextInt(LoadFailPoint.values().length)]);
                return new Step.KexecFileLoad(target, segments(), failAt, expect, at);
            }
            case KEXEC_FILE_LOAD_DEFAULT:
                return new Step.KexecFileLoadDefault(segments(), expect, at);
            case KEXEC_FILE_UNLOAD:
                return new Step.KexecFileUnload(random.nextBoolean() ? Optional.empty() : Optional.of(id()), expect, at);
            case REBOOT_MULTIKERNEL: {
                Optional<RebootFailPoint> failAt = random.nextBoolean() ? Optional.empty()
                        : Optional.of(RebootFailPoint.values()[random.nextInt(RebootFailPoint.values().length)]);
                return new Step.RebootMultikernel(mkId(), random.nextBoolean(), failAt, expect, at);
            }
            case REBOOT_OTHER:
                return new Step.RebootOther(expect, at);
            case SPAWNED_BOOT:
                return new Step.SpawnedBoot(mkId(), expect, at);
            case HOST_REUSE_FREED_PAGES:
                return new Step.HostReuseFreedPages(expect, at);
            default:
                throw new IllegalStateException("no generator for " + op);
        }
    }

    private Optional<Expect> expect(Op op) {
        switch (random.nextInt(4)) {
            case 0:
                return Optional.empty();
            case 1:
                return Optional.of(Expect.result(result()));
            default:
                break;
        }
        Optional<ExpectedResult> result = random.nextBoolean() ? Optional.of(result()) : Optional.empty();
        Map<String, InstanceStatus> statuses = new LinkedHashMap<>();
        if (op.allowsStatuses()) {
            for (int i = random.nextInt(5); i > 0; i--) {
                statuses.put(name(), InstanceStatus.values()[random.nextInt(InstanceStatus.values().length)]);
            }
        }
        Optional<Restored> restored = Optional.empty();
        if (op.allowsRestored() && random.nextBoolean()) {
            restored = Optional.of(random.nextInt(3) == 0 ? new Restored.Nothing() : new Restored.Instance(instance()));
        }
        Optional<Long> handover = op.allowsHandoverBytes() && random.nextBoolean()
                ? Optional.of(bytes()) : Optional.empty();
        Set<String> violations = new LinkedHashSet<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            violations.add(InvariantNames.all().get(random.nextInt(InvariantNames.all().size())));
        }
        if (result.isEmpty() && statuses.isEmpty() && restored.isEmpty() && handover.isEmpty()
                && violations.isEmpty()) {
            result = Optional.of(result());
        }
        return Optional.of(new Expect(result, statuses, restored, handover, violations));
    }

    private ExpectedResult result() {
        switch (random.nextInt(5)) {
            case 0: return new ExpectedResult.Ok();
            case 1: return new ExpectedResult.Hang();
            case 2: return new ExpectedResult.Bug();
            default: return new ExpectedResult.Errno(ErrnoNames.all().get(random.nextInt(ErrnoNames.all().size())));
        }
    }

    private InstanceSpec instance() {
        Optional<List<Integer>> cpus = Optional.empty();
        if (random.nextInt(4) != 0) {
            List<Integer> list = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                list.add(random.nextInt(random.nextBoolean() ? 8 : MachineSpec.MAX_CPUS));
            }
            cpus = Optional.of(list);
        }
        return new InstanceSpec(
                random.nextInt(5) == 0 ? Optional.empty() : Optional.of(name()),
                random.nextInt(5) == 0 ? Optional.empty() : Optional.of(id() % (Ranges.CELL_MAX + 1)),
                cpus,
                random.nextInt(5) == 0 ? Optional.empty() : Optional.of(bytes() % (Ranges.CELL_MAX + 1)));
    }

    private List<SegmentSpec> segments() {
        List<SegmentSpec> segments = new ArrayList<>();
        for (int i = random.nextInt(random.nextInt(8) == 0 ? 12 : 4); i > 0; i--) {
            if (random.nextBoolean()) {
                segments.add(SegmentSpec.ofSize(memory()));
            } else {
                Optional<Long> align = random.nextBoolean() ? Optional.empty() : Optional.of(memory());
                segments.add(new SegmentSpec(memory(), align, maybe(), maybe()));
            }
        }
        return segments;
    }

    private Optional<Long> maybe() {
        return random.nextBoolean() ? Optional.empty() : Optional.of(bytes());
    }

    /** Ids mostly in the kernel's range, sometimes far outside it. */
    private long id() {
        return random.nextInt(4) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(4096);
    }

    /** Ids of reboot-multikernel and spawned-boot: mostly in the kernel's range, sometimes anywhere in an int. */
    private long mkId() {
        return id() % (Ranges.MK_ID_MAX + 1);
    }

    /** Sizes of memory: byte counts up to {@link Ranges#PHYSICAL_LIMIT}. */
    private long memory() {
        long bytes = bytes();
        return bytes == Long.MAX_VALUE ? Ranges.PHYSICAL_LIMIT : bytes % (Ranges.PHYSICAL_LIMIT + 1);
    }

    /** Byte counts and addresses: exact K/M/G multiples, odd values, and values up to the 64-bit limit. */
    private long bytes() {
        switch (random.nextInt(6)) {
            case 0: return random.nextInt(10_000);
            case 1: return (long) random.nextInt(4096) << 10;
            case 2: return (long) random.nextInt(4096) << 20;
            case 3: return (long) random.nextInt(4096) << 30;
            case 4: return random.nextLong() & Long.MAX_VALUE;
            default: return random.nextBoolean() ? Long.MAX_VALUE : 0;
        }
    }

    private String name() {
        if (random.nextInt(4) == 0) {
            return AWKWARD_NAMES[random.nextInt(AWKWARD_NAMES.length)];
        }
        String first = "abcdefghijklmnopqrstuvwxyz0123456789";
        String rest = first + "-";
        StringBuilder name = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        for (int i = random.nextInt(12); i > 0; i--) {
            name.append(rest.charAt(random.nextInt(rest.length())));
        }
        String candidate = name.toString();
        return Names.isReservedInExpect(candidate) ? candidate + "-x" : candidate;
    }

    private String text() {
        if (random.nextInt(3) == 0) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    text.append((char) (0x20 + random.nextInt(0x5f)));
                } else if (kind == 6) {
                    text.append('\n');
                } else if (kind == 7) {
                    text.append((char) random.nextInt(0x20));
                } else if (kind == 8) {
                    text.append((char) (0xa0 + random.nextInt(0xd700 - 0xa0)));
                } else {
                    text.appendCodePoint(0x10000 + random.nextInt(0x1000));
                }
            }
            return text.toString();
        }
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}
