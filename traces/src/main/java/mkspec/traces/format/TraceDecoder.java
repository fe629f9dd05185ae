package mkspec.traces.format;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a located YAML tree into a {@link Trace}, or into every problem found in it, each at the node it is about.
 *
 * <p>Decoding goes on after a problem so that one run shows as much as it can; a piece with a problem is left out
 * of the result, and any problem means no trace. Messages read "where: expected ..., found ...", where "where" is
 * the key whose value is wrong, or the map ("trace", "machine", "mkdir step", ...) that misses or has a key.
 */
final class TraceDecoder {

    private static final String SIZE = "a size (like 2M, 8K, 0x2000 or 4096)";
    private static final String ADDRESS = "an address (like 0x40000000 or 1G)";
    private static final String INTEGER = "an integer (decimal or 0x hex)";
    private static final String NAME = "a name (" + Names.PATTERN_TEXT + ")";
    private static final String RESULT_WORDS = "ok, hang, bug or an errno name (like EINVAL)";

    private static final List<String> TRACE_KEYS =
            List.of("mkspec-trace", "name", "description", "profile", "errata", "machine", "steps");
    private static final List<String> MACHINE_KEYS = List.of("page-size", "cpus", "pool");
    private static final List<String> INSTANCE_KEYS = List.of("name", "id", "cpus", "memory-bytes");
    private static final List<String> SEGMENT_KEYS = List.of("size", "align", "min", "max");

    private final List<YamlTree.Issue> issues = new ArrayList<>();
    /** Problems with values the tree reported already (a tag, an anchor, an alias): counted, not reported again. */
    private int silenced;

    private TraceDecoder() {
    }

    /**
     * Decodes {@code root} (empty for a file with no document).
     *
     * @return the trace, or the problems (unsorted) when there is at least one
     */
    static DecodeOutcome decode(Optional<YamlNode> root) {
        TraceDecoder decoder = new TraceDecoder();
        Optional<Trace> trace = decoder.document(root);
        return new DecodeOutcome(decoder.problems() == 0 ? trace : Optional.empty(), List.copyOf(decoder.issues));
    }

    /**
     * What decoding found.
     *
     * @param trace  present exactly when {@code issues} is empty
     * @param issues every problem
     */
    record DecodeOutcome(Optional<Trace> trace, List<YamlTree.Issue> issues) {
    }

    // ---- the document and its top-level keys

    private Optional<Trace> document(Optional<YamlNode> root) {
        String expectedTrace = "expected a trace (a YAML map starting with 'mkspec-trace: 1')";
        if (root.isEmpty()) {
            report(new Position(1, 1), expectedTrace + ", found an empty file");
            return Optional.empty();
        }
        Optional<YamlNode.Mapping> document = root.get().accept(new Expecting<>(expectedTrace) {
            public Optional<YamlNode.Mapping> scalar(YamlNode.Scalar s) {
                if (s.isNull() || s.text().isEmpty()) {
                    report(s, expectedTrace + ", found an empty document");
                    return Optional.empty();
                }
                return wrong(s);
            }

            public Optional<YamlNode.Mapping> mapping(YamlNode.Mapping m) {
                return Optional.of(m);
            }
        });
        if (document.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping map = document.get();
        if (!isReadableVersion(map)) {
            return Optional.empty();
        }
        Fields fields = new Fields(map, "trace", TRACE_KEYS);
        Optional<String> name = fields.required("name").flatMap(e -> name(e.value(), "name"));
        Optional<String> description = fields.optional("description").flatMap(e -> text(e.value(), "description"));
        String profile = fields.optional("profile").flatMap(e -> profile(e.value())).orElse(Trace.PROFILE_FIXED);
        List<String> errata = fields.optional("errata").map(e -> errata(e.value())).orElse(List.of());
        MachineSpec machine = fields.optional("machine").map(e -> machine(e.value())).orElse(MachineSpec.DEFAULT);
        Optional<List<Step>> steps = fields.required("steps").flatMap(e -> steps(e.value()));
        fields.reportUnknownKeys();
        // a value the tree already reported (a tag, an alias) is missing here without a second report
        if (problems() > 0 || name.isEmpty() || steps.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> perStep = threads.stream().anyMatch(t -> t != 0) ? List.copyOf(threads) : List.of();
        return Optional.of(new Trace(Trace.VERSION, name.get(), description, profile, errata, machine, steps.get(),
                Optional.empty(), perStep));
    }

    /**
     * Checks {@code mkspec-trace}: false when it names anything but version 1, since the rest of such a document is
     * not ours to judge; true when it is 1, and when it is missing (reported, but the rest is still worth checking).
     */
    private boolean isReadableVersion(YamlNode.Mapping map) {
        Optional<YamlNode.Entry> entry = map.get("mkspec-trace");
        if (entry.isEmpty()) {
            report(map.position(), "trace: expected key 'mkspec-trace' (the format version, 1), found none");
            return true;
        }
        YamlNode node = entry.get().value();
        Optional<Long> version = node.accept(new YamlNode.Cases<>() {
            public Optional<Long> scalar(YamlNode.Scalar s) {
                return s.isNull() ? Optional.empty() : valueOf(Numbers.parseInteger(s.text()));
            }

            public Optional<Long> mapping(YamlNode.Mapping m) {
                return Optional.empty();
            }

            public Optional<Long> sequence(YamlNode.Sequence q) {
                return Optional.empty();
            }
        });
        if (version.isEmpty()) {
            report(node, "mkspec-trace: expected the format version 1, found " + node.describe());
            return false;
        }
        if (version.get() != Trace.VERSION) {
            report(node, "unsupported trace version " + version.get() + ": this mkspec reads version 1");
            return false;
        }
        return true;
    }

    private Optional<String> profile(YamlNode node) {
        return scalar(node, "profile", "rfc-v2 or fixed").flatMap(text -> {
            if (Trace.isProfile(text)) {
                return Optional.of(text);
            }
            report(node, "profile: expected rfc-v2 or fixed, found " + node.describe());
            return Optional.empty();
        });
    }

    private List<String> errata(YamlNode node) {
        Set<String> ids = new LinkedHashSet<>();
        for (YamlNode item : list(node, "errata", "a list of erratum ids (like [D3])")) {
            scalar(item, "errata", "an erratum id (D and a number, like D3)").ifPresent(id -> {
                if (!ErrataIds.isWellFormed(id)) {
                    report(item, "errata: expected an erratum id (D and a number, like D3), found "
                            + item.describe());
                } else if (!ErrataIds.isModelled(id)) {
                    report(item, "errata: expected an erratum mkspec models (" + String.join(", ", ErrataIds.modelled())
                            + "), found " + item.describe());
                } else if (!ids.add(id)) {
                    report(item, "errata: expected each erratum once, found " + item.describe() + " again");
                }
            });
        }
        return List.copyOf(ids);
    }

    private MachineSpec machine(YamlNode node) {
        Optional<YamlNode.Mapping> map = map(node, "machine: expected a map {page-size, cpus, pool}");
        if (map.isEmpty()) {
            return MachineSpec.DEFAULT;
        }
        Fields fields = new Fields(map.get(), "machine", MACHINE_KEYS);
        MachineSpec machine = MachineSpec.DEFAULT;
        Optional<YamlNode.Entry> pageSize = fields.optional("page-size");
        if (pageSize.isPresent()) {
            YamlNode value = pageSize.get().value();
            Optional<Long> bytes = size(value, "page-size");
            if (bytes.isPresent() && !MachineSpec.isValidPageSize(bytes.get())) {
                report(value, "page-size: expected a page size (a power of two from 4K to 64K), found "
                        + value.describe());
            } else if (bytes.isPresent()) {
                machine = machine.withPageSize(bytes.get());
            }
        }
        Optional<YamlNode.Entry> cpus = fields.optional("cpus");
        if (cpus.isPresent()) {
            String expected = "a CPU count (1 to " + MachineSpec.MAX_CPUS + ")";
            YamlNode value = cpus.get().value();
            Optional<Long> count = integer(value, "cpus", expected);
            if (count.isPresent() && (count.get() < 1 || count.get() > MachineSpec.MAX_CPUS)) {
                report(value, "cpus: expected " + expected + ", found " + value.describe());
            } else if (count.isPresent()) {
                machine = machine.withCpus(count.get().intValue());
            }
        }
        Optional<YamlNode.Entry> pool = fields.optional("pool");
        if (pool.isPresent()) {
            String expected = "size@address (like 64M@1G or 0x4000000@0x40000000)";
            YamlNode value = pool.get().value();
            Optional<String> text = scalar(value, "pool", expected);
            if (text.isPresent()) {
                machine = pool(machine, value, expected, text.get());
            }
        }
        fields.reportUnknownKeys();
        return machine;
    }

    /** {@code machine} with the pool {@code text} gives; as it was when the pool is wrong, which is reported. */
    private MachineSpec pool(MachineSpec machine, YamlNode value, String expected, String text) {
        return Numbers.parsePool(text).accept(new Parsed.Cases<>() {
            public MachineSpec value(Parsed.Value<Numbers.Pool> ok) {
                long size = ok.value().size();
                long address = ok.value().address();
                long page = machine.pageSize();
                if (size % page != 0 || address % page != 0) {
                    report(value, "pool: expected a size and an address that are multiples of the page size"
                            + " (0x" + Long.toHexString(page) + "), found " + value.describe());
                } else if (address + size > Ranges.PHYSICAL_LIMIT) {
                    report(value, "pool: expected a pool that ends at most at " + Ranges.PHYSICAL_TEXT
                            + ", found " + value.describe());
                } else if (size > 0 && address == 0) {
                    report(value, "pool: expected a pool that does not start at 0 (mkkernel_pool refuses it),"
                            + " found " + value.describe());
                } else {
                    return machine.withPool(size, address);
                }
                return machine;
            }

            public MachineSpec invalid(Parsed.Invalid<Numbers.Pool> bad) {
                report(value, "pool: expected " + expected + ", found " + value.describe() + ", which "
                        + bad.reason());
                return machine;
            }
        });
    }

    // ---- steps

    private Optional<List<Step>> steps(YamlNode node) {
        Optional<YamlNode.Sequence> list = sequence(node, "steps: expected a list of steps");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Sequence seq = list.get();
        if (seq.items().size() > TraceReader.MAX_STEPS) {
            report(seq.items().get(TraceReader.MAX_STEPS), "steps: expected at most " + TraceReader.MAX_STEPS
                    + " steps, found " + seq.items().size());
            return Optional.empty();
        }
        List<Step> steps = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            step(item).ifPresent(steps::add);
        }
        return Optional.of(steps);
    }

    /** Each step's {@code thread}, 0 where it names none, in step order. */
    private final List<Integer> threads = new ArrayList<>();

    private Optional<Step> step(YamlNode node) {
        Optional<YamlNode.Mapping> stepMap = map(node, "step: expected a map with key 'op'");
        if (stepMap.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping map = stepMap.get();
        Optional<YamlNode.Entry> opEntry = map.get("op");
        if (opEntry.isEmpty()) {
            report(map.position(), "step: expected key 'op', found none");
            return Optional.empty();
        }
        YamlNode opNode = opEntry.get().value();
        Optional<Op> maybeOp = scalar(opNode, "op", "an op").flatMap(word -> {
            Optional<Op> found = Op.fromWord(word);
            if (found.isEmpty()) {
                report(opNode, "op: expected one of " + Op.words() + ", found " + opNode.describe());
            }
            return found;
        });
        if (maybeOp.isEmpty()) {
            return Optional.empty();
        }
        Op op = maybeOp.get();
        List<String> keys = Stream.of(Stream.of("thread", "op"), op.argumentKeys().stream(), Stream.of("expect"))
                .flatMap(Function.identity()).toList();
        Fields fields = new Fields(map, op.word() + " step", keys);
        int before = problems();
        String threadRange = "a thread from 1 to " + Trace.MAX_THREADS;
        int thread = fields.optional("thread").flatMap(e -> integer(e.value(), "thread", threadRange).filter(t -> {
            if (t < 1 || t > Trace.MAX_THREADS) {
                report(e.value(), "thread: expected " + threadRange + ", found " + e.value().describe());
                return false;
            }
            return true;
        })).map(Long::intValue).orElse(0);
        Optional<Expect> expect = fields.optional("expect").flatMap(e -> expect(e.value(), op));
        Position at = map.position();
        Optional<Step> step = arguments(op, fields, expect, at);
        fields.reportUnknownKeys();
        if (problems() == before && step.isPresent()) {
            threads.add(thread);
        }
        return problems() == before ? step : Optional.empty();
    }

    /** The step of {@code op} from its argument keys; empty (with problems reported) if any argument is wrong. */
    private Optional<Step> arguments(Op op, Fields fields, Optional<Expect> expect, Position at) {
        switch (op) {
            case UPLOAD_DEVICE_TREE: {
                Optional<DeviceTreeSource> tree = oneOf(fields, "instances", "dtb").flatMap(e ->
                        e.key().equals("instances") ? instances(e.value()) : dtb(e.value()));
                Optional<Optional<Long>> chunk = optionalValue(fields, "write-chunk", this::writeChunk);
                return both(tree, chunk, (t, c) -> new Step.UploadDeviceTree(t, c, expect, at));
            }
            case MKDIR:
                return fields.required("name").flatMap(e -> name(e.value(), "name"))
                        .map(name -> new Step.Mkdir(name, expect, at));
            case RMDIR:
                return fields.required("name").flatMap(e -> name(e.value(), "name"))
                        .map(name -> new Step.Rmdir(name, expect, at));
            case STATUS:
                return Optional.of(new Step.Status(expect, at));
            case KEXEC_FILE_LOAD: {
                Optional<LoadTarget> target = oneOf(fields, "id", "flags").flatMap(e -> e.key().equals("id")
                        ? integer(e.value(), "id", INTEGER).map(LoadTarget.ById::new)
                        : integer(e.value(), "flags", INTEGER).map(LoadTarget.RawFlags::new));
                Optional<List<SegmentSpec>> segments = fields.required("segments").flatMap(e -> segments(e.value()));
                Optional<Optional<LoadFailPoint>> failAt = optionalValue(fields, "fail-at", node ->
                        word(node, "fail-at", LoadFailPoint.words(), LoadFailPoint::fromWord));
                if (target.isEmpty() || segments.isEmpty() || failAt.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Step.KexecFileLoad(target.get(), segments.get(), failAt.get(), expect, at));
            }
            case KEXEC_FILE_LOAD_DEFAULT:
                return fields.required("segments").flatMap(e -> segments(e.value()))
                        .map(segments -> new Step.KexecFileLoadDefault(segments, expect, at));
            case KEXEC_FILE_UNLOAD:
                return optionalValue(fields, "id", node -> integer(node, "id", INTEGER))
                        .map(id -> new Step.KexecFileUnload(id, expect, at));
            case REBOOT_MULTIKERNEL: {
                Optional<Long> id = fields.required("id").flatMap(e -> mkId(e.value()));
                Optional<Optional<Boolean>> badPointer = optionalValue(fields, "bad-pointer", this::bool);
                Optional<Optional<RebootFailPoint>> failAt = optionalValue(fields, "fail-at", node ->
                        word(node, "fail-at", RebootFailPoint.words(), RebootFailPoint::fromWord));
                if (id.isEmpty() || badPointer.isEmpty() || failAt.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Step.RebootMultikernel(id.get(), badPointer.get().orElse(false),
                        failAt.get(), expect, at));
            }
            case REBOOT_OTHER:
                return Optional.of(new Step.RebootOther(expect, at));
            case SPAWNED_BOOT:
                return fields.required("id").flatMap(e -> mkId(e.value()))
                        .map(id -> new Step.SpawnedBoot(id, expect, at));
            case HOST_REUSE_FREED_PAGES:
                return Optional.of(new Step.HostReuseFreedPages(expect, at));
            default:
                throw new IllegalStateException("an op without a decoder: " + op);
        }
    }

    /** Exactly one of two alternative keys; both or neither is a problem. */
    private Optional<YamlNode.Entry> oneOf(Fields fields, String first, String second) {
        Optional<YamlNode.Entry> a = fields.optional(first);
        Optional<YamlNode.Entry> b = fields.optional(second);
        if (a.isPresent() && b.isPresent()) {
            YamlNode.Entry later = a.get().keyPosition().compareTo(b.get().keyPosition()) > 0 ? a.get() : b.get();
            report(later.keyPosition(), fields.where + ": expected either '" + first + "' or '" + second
                    + "', found both");
            return Optional.empty();
        }
        if (a.isEmpty() && b.isEmpty()) {
            report(fields.map.position(), fields.where + ": expected key '" + first + "' or '" + second
                    + "', found neither");
            return Optional.empty();
        }
        return a.isPresent() ? a : b;
    }

    private Optional<DeviceTreeSource> instances(YamlNode node) {
        Optional<YamlNode.Sequence> seq = sequence(node, "instances: expected a list of {name, id, cpus, memory-bytes}"
                + " maps");
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        int before = problems();
        List<InstanceSpec> instances = new ArrayList<>();
        for (YamlNode item : seq.get().items()) {
            instance(item, "instance").ifPresent(instances::add);
        }
        return problems() == before ? Optional.of(new DeviceTreeSource.Instances(instances)) : Optional.empty();
    }

    private Optional<InstanceSpec> instance(YamlNode node, String where) {
        Optional<YamlNode.Mapping> map = map(node, where + ": expected a map {name, id, cpus, memory-bytes}");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = new Fields(map.get(), where, INSTANCE_KEYS);
        int before = problems();
        Optional<Optional<String>> name = optionalValue(fields, "name", n -> name(n, "name"));
        Optional<Optional<Long>> id = optionalValue(fields, "id", n -> atMost(n, "id", INTEGER, Ranges.CELL_MAX,
                Ranges.CELL_TEXT, integer(n, "id", INTEGER)));
        Optional<Optional<List<Integer>>> cpus = optionalValue(fields, "cpus", this::cpuList);
        Optional<Optional<Long>> memory = optionalValue(fields, "memory-bytes", n -> atMost(n, "memory-bytes", SIZE,
                Ranges.CELL_MAX, Ranges.CELL_TEXT, size(n, "memory-bytes")));
        fields.reportUnknownKeys();
        if (problems() != before || name.isEmpty() || id.isEmpty() || cpus.isEmpty() || memory.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InstanceSpec(name.get(), id.get(), cpus.get(), memory.get()));
    }

    private Optional<List<Integer>> cpuList(YamlNode node) {
        String expected = "a CPU number (0 to " + (MachineSpec.MAX_CPUS - 1) + ")";
        List<Integer> cpus = new ArrayList<>();
        int before = problems();
        for (YamlNode item : list(node, "cpus", "a list of CPU numbers (like [1, 2])")) {
            integer(item, "cpus", expected).ifPresent(cpu -> {
                if (InstanceSpec.isValidCpuNumber(cpu)) {
                    cpus.add(cpu.intValue());
                } else {
                    report(item, "cpus: expected " + expected + ", found " + item.describe());
                }
            });
        }
        return problems() == before ? Optional.of(cpus) : Optional.empty();
    }

    private Optional<DeviceTreeSource> dtb(YamlNode node) {
        String expected = "base64 bytes of a DTB";
        Optional<String> text = scalar(node, "dtb", expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String compact = text.get().replaceAll("[ \\t\\r\\n]", "");
        Optional<String> reason = base64Problem(compact);
        if (reason.isPresent()) {
            report(node, "dtb: expected " + expected + ", found " + node.describe() + ", which " + reason.get());
            return Optional.empty();
        }
        return Optional.of(new DeviceTreeSource.Dtb(Base64.getDecoder().decode(compact)));
    }

    /** Why {@code text} (whitespace removed) is not standard padded base64 of at least one byte, if it is not. */
    private static Optional<String> base64Problem(String text) {
        if (text.isEmpty()) {
            return Optional.of("is empty");
        }
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (c == '=') {
                padding++;
            } else if (!alphabet) {
                return Optional.of("has " + YamlNode.quote(String.valueOf(c)) + ", which is not base64");
            } else if (padding > 0) {
                return Optional.of("has '=' padding before its end");
            }
        }
        if (padding > 2 || text.length() % 4 != 0) {
            return Optional.of("is not a whole number of 4-character groups");
        }
        try {
            Base64.getDecoder().decode(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("is not valid base64");
        }
    }

    private Optional<Long> writeChunk(YamlNode node) {
        return size(node, "write-chunk").flatMap(bytes -> {
            if (bytes >= 1 && bytes <= Ranges.WRITE_CHUNK_MAX) {
                return Optional.of(bytes);
            }
            report(node, "write-chunk: expected a size (bytes per write() call) from 1 to " + Ranges.WRITE_CHUNK_TEXT
                    + ", found " + node.describe());
            return Optional.empty();
        });
    }

    private Optional<List<SegmentSpec>> segments(YamlNode node) {
        Optional<YamlNode.Sequence> seq = sequence(node, "segments: expected a list of segments (sizes or {size, align,"
                + " min, max} maps)");
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        int before = problems();
        List<SegmentSpec> segments = new ArrayList<>();
        for (YamlNode item : seq.get().items()) {
            segment(item).ifPresent(segments::add);
        }
        return problems() == before ? Optional.of(segments) : Optional.empty();
    }

    private Optional<SegmentSpec> segment(YamlNode node) {
        return node.accept(new Expecting<>("segment: expected a size or a {size, align, min, max} map") {
            public Optional<SegmentSpec> scalar(YamlNode.Scalar s) {
                return memorySize(s, "segment").map(SegmentSpec::ofSize);
            }

            public Optional<SegmentSpec> mapping(YamlNode.Mapping map) {
                Fields fields = new Fields(map, "segment", SEGMENT_KEYS);
                Optional<Long> size = fields.required("size").flatMap(e -> memorySize(e.value(), "size"));
                Optional<Optional<Long>> align = optionalValue(fields, "align", n -> memorySize(n, "align"));
                Optional<Optional<Long>> min = optionalValue(fields, "min", n -> address(n, "min"));
                Optional<Optional<Long>> max = optionalValue(fields, "max", n -> address(n, "max"));
                fields.reportUnknownKeys();
                if (size.isEmpty() || align.isEmpty() || min.isEmpty() || max.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new SegmentSpec(size.get(), align.get(), min.get(), max.get()));
            }
        });
    }

    // ---- expectations

    private Optional<Expect> expect(YamlNode node, Op op) {
        String allowed = allowedExpectKeys(op);
        return node.accept(new Expecting<>("expect: expected a result (" + RESULT_WORDS + ") or a map of " + allowed) {
            public Optional<Expect> scalar(YamlNode.Scalar s) {
                if (s.isNull() || s.text().isEmpty()) {
                    return wrong(s);
                }
                return result(s, "expect").map(Expect::result);
            }

            public Optional<Expect> mapping(YamlNode.Mapping map) {
                return expect(map, op, allowed);
            }
        });
    }

    /** An expectation written as a map: its result, violations, and what {@code op} lets it name besides. */
    private Optional<Expect> expect(YamlNode.Mapping map, Op op, String allowed) {
        if (map.entries().isEmpty()) {
            report(map, "expect: expected at least one of " + allowed + ", found an empty map");
            return Optional.empty();
        }
        int before = problems();
        Optional<ExpectedResult> result = Optional.empty();
        Map<String, InstanceStatus> statuses = new LinkedHashMap<>();
        Optional<Restored> restored = Optional.empty();
        Optional<Long> handoverBytes = Optional.empty();
        Set<String> violations = Set.of();
        for (YamlNode.Entry entry : map.entries()) {
            String key = entry.key();
            YamlNode value = entry.value();
            if (key.equals("result")) {
                result = result(value, "result");
            } else if (key.equals("violations")) {
                violations = violations(value);
            } else if (key.equals("restored") && op.allowsRestored()) {
                restored = restored(value);
            } else if (key.equals("handover-bytes") && op.allowsHandoverBytes()) {
                handoverBytes = size(value, "handover-bytes");
            } else if (op.allowsStatuses() && Names.isValid(key) && !Names.isReservedInExpect(key)) {
                String label = key;
                word(value, label, InstanceStatus.words(), InstanceStatus::fromWord)
                        .ifPresent(status -> statuses.put(label, status));
            } else {
                report(entry.keyPosition(), "expect: expected " + allowed + ", found key " + YamlNode.quote(key)
                        + wrongOpHint(key));
            }
        }
        if (problems() != before) {
            return Optional.empty();
        }
        return Optional.of(new Expect(result, statuses, restored, handoverBytes, violations));
    }

    private static String allowedExpectKeys(Op op) {
        if (op.allowsStatuses()) {
            return "result, violations or an instance name";
        }
        if (op.allowsRestored()) {
            return "result, restored or violations";
        }
        if (op.allowsHandoverBytes()) {
            return "result, handover-bytes or violations";
        }
        return "result or violations";
    }

    private static String wrongOpHint(String key) {
        if (key.equals("restored")) {
            return " (only on spawned-boot)";
        }
        if (key.equals("handover-bytes")) {
            return " (only on reboot-multikernel)";
        }
        if (Names.isValid(key)) {
            return " (instance statuses only on status)";
        }
        return "";
    }

    private Optional<ExpectedResult> result(YamlNode node, String label) {
        return scalar(node, label, RESULT_WORDS).flatMap(word -> {
            Optional<ExpectedResult> result = ExpectedResult.fromWord(word);
            if (result.isEmpty()) {
                report(node, label + ": expected " + RESULT_WORDS + ", found " + node.describe());
            }
            return result;
        });
    }

    private Set<String> violations(YamlNode node) {
        String expected = "an invariant name (" + String.join(", ", InvariantNames.all()) + ")";
        Optional<YamlNode.Sequence> seq = sequence(node, "violations: expected a list of invariant names");
        if (seq.isPresent() && seq.get().items().isEmpty()) {
            report(node, "violations: expected at least one invariant name, found an empty list");
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (YamlNode item : seq.map(YamlNode.Sequence::items).orElse(List.of())) {
            scalar(item, "violations", expected).ifPresent(name -> {
                if (!InvariantNames.isInvariant(name)) {
                    report(item, "violations: expected " + expected + ", found " + item.describe());
                } else if (!names.add(name)) {
                    report(item, "violations: expected each invariant once, found " + item.describe() + " again");
                }
            });
        }
        return names;
    }

    private Optional<Restored> restored(YamlNode node) {
        String expected = "none or a map {name, id, cpus, memory-bytes}";
        return node.accept(new Expecting<>("restored: expected " + expected) {
            public Optional<Restored> scalar(YamlNode.Scalar s) {
                return TraceDecoder.this.scalar(s, "restored", expected).flatMap(text -> {
                    if (text.equals("none")) {
                        return Optional.of(new Restored.Nothing());
                    }
                    return wrong(s);
                });
            }

            public Optional<Restored> mapping(YamlNode.Mapping map) {
                return instance(map, "restored").map(Restored.Instance::new);
            }
        });
    }

    // ---- scalars

    /** The text of a non-null, non-empty scalar; anything else is reported as not being {@code expected}. */
    private Optional<String> scalar(YamlNode node, String label, String expected) {
        return node.accept(new Expecting<>(label + ": expected " + expected) {
            public Optional<String> scalar(YamlNode.Scalar s) {
                return s.isNull() || s.text().isEmpty() || s.unsupported() ? wrong(s) : Optional.of(s.text());
            }
        });
    }

    /** Free text: any scalar but null, possibly empty. */
    private Optional<String> text(YamlNode node, String label) {
        return node.accept(new Expecting<>(label + ": expected text") {
            public Optional<String> scalar(YamlNode.Scalar s) {
                return s.isNull() || s.unsupported() ? wrong(s) : Optional.of(s.text());
            }
        });
    }

    private Optional<String> name(YamlNode node, String label) {
        return scalar(node, label, NAME).flatMap(text -> {
            if (Names.isValid(text)) {
                return Optional.of(text);
            }
            report(node, label + ": expected " + NAME + ", found " + node.describe());
            return Optional.empty();
        });
    }

    private Optional<Long> integer(YamlNode node, String label, String expected) {
        return scalar(node, label, expected).flatMap(text -> number(node, label, expected,
                Numbers.parseInteger(text)));
    }

    private Optional<Long> size(YamlNode node, String label) {
        return scalar(node, label, SIZE).flatMap(text -> number(node, label, SIZE, Numbers.parseSize(text)));
    }

    /** An address: the size grammar, since {@code 1G} is as good an address as {@code 0x40000000}. */
    private Optional<Long> address(YamlNode node, String label) {
        return scalar(node, label, ADDRESS).flatMap(text -> number(node, label, ADDRESS, Numbers.parseSize(text)));
    }

    /** The id of reboot-multikernel and spawned-boot. */
    private Optional<Long> mkId(YamlNode node) {
        return atMost(node, "id", INTEGER, Ranges.MK_ID_MAX, Ranges.MK_ID_TEXT, integer(node, "id", INTEGER));
    }

    /** A size of memory: a segment's, an alignment. */
    private Optional<Long> memorySize(YamlNode node, String label) {
        return atMost(node, label, SIZE, Ranges.PHYSICAL_LIMIT, Ranges.PHYSICAL_TEXT, size(node, label));
    }

    /** {@code value} when it is at most {@code max}; a larger one is reported with the range it must lie in. */
    private Optional<Long> atMost(YamlNode node, String label, String expected, long max, String maxText,
                                  Optional<Long> value) {
        if (value.isPresent() && value.get() > max) {
            report(node, label + ": expected " + expected + " of at most " + maxText + ", found " + node.describe());
            return Optional.empty();
        }
        return value;
    }

    private Optional<Long> number(YamlNode node, String label, String expected, Parsed<Long> parsed) {
        return parsed.accept(new Parsed.Cases<>() {
            public Optional<Long> value(Parsed.Value<Long> v) {
                return Optional.of(v.value());
            }

            public Optional<Long> invalid(Parsed.Invalid<Long> bad) {
                report(node, label + ": expected " + expected + ", found " + node.describe() + ", which "
                        + bad.reason());
                return Optional.empty();
            }
        });
    }

    private Optional<Boolean> bool(YamlNode node) {
        String expected = "true or false";
        return scalar(node, "bad-pointer", expected).flatMap(text -> {
            if (text.equals("true") || text.equals("false")) {
                return Optional.of(text.equals("true"));
            }
            report(node, "bad-pointer: expected " + expected + ", found " + node.describe());
            return Optional.empty();
        });
    }

    private <T> Optional<T> word(YamlNode node, String label, String words, Function<String, Optional<T>> lookup) {
        String expected = "one of " + words;
        return scalar(node, label, expected).flatMap(text -> {
            Optional<T> found = lookup.apply(text);
            if (found.isEmpty()) {
                report(node, label + ": expected " + expected + ", found " + node.describe());
            }
            return found;
        });
    }

    /** The items of a list; anything else is reported and yields no items. */
    private List<YamlNode> list(YamlNode node, String label, String expected) {
        return sequence(node, label + ": expected " + expected).map(YamlNode.Sequence::items).orElse(List.of());
    }

    /** {@code node} as a map; anything else is reported as not what {@code expected} says. */
    private Optional<YamlNode.Mapping> map(YamlNode node, String expected) {
        return node.accept(new Expecting<>(expected) {
            public Optional<YamlNode.Mapping> mapping(YamlNode.Mapping m) {
                return Optional.of(m);
            }
        });
    }

    /** {@code node} as a list; anything else is reported as not what {@code expected} says. */
    private Optional<YamlNode.Sequence> sequence(YamlNode node, String expected) {
        return node.accept(new Expecting<>(expected) {
            public Optional<YamlNode.Sequence> sequence(YamlNode.Sequence q) {
                return Optional.of(q);
            }
        });
    }

    /**
     * What a decoder expects of a node, case by case: a kind of node it does not take is reported as not being what
     * {@code expectation} ("machine: expected a map {page-size, cpus, pool}") says, followed by what it found.
     */
    private abstract class Expecting<T> implements YamlNode.Cases<Optional<T>> {
        private final String expectation;

        Expecting(String expectation) {
            this.expectation = expectation;
        }

        public Optional<T> scalar(YamlNode.Scalar s) {
            return wrong(s);
        }

        public Optional<T> mapping(YamlNode.Mapping m) {
            return wrong(m);
        }

        public Optional<T> sequence(YamlNode.Sequence q) {
            return wrong(q);
        }

        /** Reports {@code node} as not what is expected. */
        final Optional<T> wrong(YamlNode node) {
            report(node, expectation + ", found " + node.describe());
            return Optional.empty();
        }
    }

    /** The value of a parse, without saying why there is none. */
    private static <T> Optional<T> valueOf(Parsed<T> parsed) {
        return parsed.accept(new Parsed.Cases<>() {
            public Optional<T> value(Parsed.Value<T> v) {
                return Optional.of(v.value());
            }

            public Optional<T> invalid(Parsed.Invalid<T> bad) {
                return Optional.empty();
            }
        });
    }

    // ---- plumbing

    /**
     * An optional key's decoded value: present-and-empty when the key is absent, empty when its value is wrong.
     */
    private static <T> Optional<Optional<T>> optionalValue(Fields fields, String key,
                                                           Function<YamlNode, Optional<T>> decode) {
        Optional<YamlNode.Entry> entry = fields.optional(key);
        if (entry.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        return decode.apply(entry.get().value()).map(Optional::of);
    }

    private static <A, B, R> Optional<R> both(Optional<A> a, Optional<B> b,
                                              java.util.function.BiFunction<A, B, R> combine) {
        return a.isPresent() && b.isPresent() ? Optional.of(combine.apply(a.get(), b.get())) : Optional.empty();
    }

    private void report(YamlNode node, String message) {
        // An alias or tag was reported where the tree was built; one problem per value is enough.
        if (node.unsupported()) {
            silenced++;
            return;
        }
        report(node.position(), message);
    }

    /** Every problem met so far, reported here or by the tree: a piece decoded since the count grew is left out. */
    private int problems() {
        return issues.size() + silenced;
    }

    private void report(Position at, String message) {
        issues.add(new YamlTree.Issue(at, message));
    }

    /** The keys of one map, looked up by name, with the keys it may have for reporting the others. */
    private final class Fields {
        private final YamlNode.Mapping map;
        private final String where;
        private final List<String> allowed;

        Fields(YamlNode.Mapping map, String where, List<String> allowed) {
            this.map = map;
            this.where = where;
            this.allowed = allowed;
        }

        Optional<YamlNode.Entry> optional(String key) {
            return map.get(key);
        }

        Optional<YamlNode.Entry> required(String key) {
            Optional<YamlNode.Entry> entry = map.get(key);
            if (entry.isEmpty()) {
                report(map.position(), where + ": expected key '" + key + "', found none");
            }
            return entry;
        }

        void reportUnknownKeys() {
            Set<String> known = new HashSet<>(allowed);
            for (YamlNode.Entry entry : map.entries()) {
                if (!known.contains(entry.key())) {
                    report(entry.keyPosition(), where + ": expected one of "
                            + allowed.stream().collect(Collectors.joining(", ")) + ", found key "
                            + YamlNode.quote(entry.key()));
                }
            }
        }
    }
}
