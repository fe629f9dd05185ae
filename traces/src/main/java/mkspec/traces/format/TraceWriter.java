package mkspec.traces.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link Trace} as TRACE-FORMAT v1 YAML in the format's own style, so that reading the text back gives an
 * equal trace (its {@linkplain Trace#sameContentAs content}; positions are those of the new text).
 *
 * <p>Part of the format's contract. The style: one key per line; small maps and lists in flow style
 * ({@code { name: web, id: 1, cpus: [1], memory-bytes: 2M }}, {@code segments: [1M, 8K]}) unless the line would
 * pass {@value #LINE_LIMIT} columns; sizes with their largest exact suffix ({@code 1M}, {@code 8K}); addresses and
 * flags in hex; a bare word for an expectation that is only a result; a multi-line description as a literal block;
 * a DTB as base64 in a literal block of 76-character lines. The machine, profile and steps are always written, so a
 * reader of the text need not know the defaults.
 */
public final class TraceWriter {

    /** Flow style is used only while a line stays within this many columns. */
    private static final int LINE_LIMIT = 100;

    private static final Set<String> YAML_WORDS =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    /**
     * One line of text that every YAML reader takes as the same plain string: it starts with a letter, has no
     * character YAML gives a meaning to in block context ({@code :}, {@code #}, quotes, brackets...), and does not
     * end in a space.
     */
    private static final Pattern PLAIN_TEXT = Pattern.compile("[A-Za-z]([A-Za-z0-9 ,.;()/_+=-]*[A-Za-z0-9.)])?");

    private final StringBuilder out = new StringBuilder();

    private TraceWriter() {
    }

    /** The YAML text of {@code trace}, ending in a newline. */
    public static String write(Trace trace) {
        TraceWriter writer = new TraceWriter();
        writer.trace(trace);
        return writer.out.toString();
    }

    /** Writes {@code trace} to {@code file} as UTF-8, replacing it. */
    public static void write(Trace trace, Path file) throws IOException {
        Files.writeString(file, write(trace), StandardCharsets.UTF_8);
    }

    private void trace(Trace trace) {
        line(0, "mkspec-trace: " + trace.version());
        line(0, "name: " + name(trace.name()));
        trace.description().ifPresent(text -> text(0, "description", text));
        line(0, "profile: " + trace.profile());
        if (!trace.errata().isEmpty()) {
            line(0, "errata: [" + String.join(", ", trace.errata()) + "]");
        }
        MachineSpec machine = trace.machine();
        line(0, "machine:");
        line(2, "page-size: " + machine.pageSize());
        line(2, "cpus: " + machine.cpus());
        line(2, "pool: " + Numbers.formatPool(machine.poolSize(), machine.poolAddress()));
        if (trace.steps().isEmpty()) {
            line(0, "steps: []");
            return;
        }
        line(0, "steps:");
        for (int i = 0; i < trace.steps().size(); i++) {
            step(trace.steps().get(i), trace.threads().isEmpty() ? 0 : trace.threads().get(i));
        }
    }

    private void step(Step step, int thread) {
        int indent = 4;
        if (thread != 0) {
            line(2, "- thread: " + thread);
            line(indent, "op: " + step.op().word());
        } else {
            line(2, "- op: " + step.op().word());
        }
        step.accept(new Step.Cases<Void>() {
            public Void uploadDeviceTree(Step.UploadDeviceTree upload) {
                upload.tree().accept(new DeviceTreeSource.Cases<Void>() {
                    public Void instances(DeviceTreeSource.Instances list) {
                        if (list.instances().isEmpty()) {
                            line(indent, "instances: []");
                        } else {
                            line(indent, "instances:");
                            list.instances().forEach(instance -> line(indent + 2, "- " + instance(instance)));
                        }
                        return null;
                    }

                    public Void dtb(DeviceTreeSource.Dtb dtb) {
                        line(indent, "dtb: |");
                        String base64 = Base64.getEncoder().encodeToString(dtb.bytes());
                        for (int i = 0; i < base64.length(); i += 76) {
                            line(indent + 2, base64.substring(i, Math.min(base64.length(), i + 76)));
                        }
                        return null;
                    }
                });
                upload.writeChunk().ifPresent(c -> line(indent, "write-chunk: " + Numbers.formatSize(c)));
                return null;
            }

            public Void mkdir(Step.Mkdir mkdir) {
                line(indent, "name: " + name(mkdir.name()));
                return null;
            }

            public Void rmdir(Step.Rmdir rmdir) {
                line(indent, "name: " + name(rmdir.name()));
                return null;
            }

            public Void status(Step.Status status) {
                return null; // no arguments
            }

            public Void kexecFileLoad(Step.KexecFileLoad load) {
                line(indent, StepText.target(load.target()));
                segments(indent, load.segments());
                load.failAt().ifPresent(p -> line(indent, "fail-at: " + p.word()));
                return null;
            }

            public Void kexecFileLoadDefault(Step.KexecFileLoadDefault load) {
                segments(indent, load.segments());
                return null;
            }

            public Void kexecFileUnload(Step.KexecFileUnload unload) {
                unload.id().ifPresent(id -> line(indent, "id: " + id));
                return null;
            }

            public Void rebootMultikernel(Step.RebootMultikernel reboot) {
                line(indent, "id: " + reboot.id());
                if (reboot.badPointer()) {
                    line(indent, "bad-pointer: true");
                }
                reboot.failAt().ifPresent(p -> line(indent, "fail-at: " + p.word()));
                return null;
            }

            public Void rebootOther(Step.RebootOther reboot) {
                return null; // no arguments
            }

            public Void spawnedBoot(Step.SpawnedBoot boot) {
                line(indent, "id: " + boot.id());
                return null;
            }

            public Void hostReuseFreedPages(Step.HostReuseFreedPages reuse) {
                return null; // no arguments
            }
        });
        step.expect().ifPresent(e -> expect(indent, e));
    }

    private void segments(int indent, List<SegmentSpec> segments) {
        List<String> items = segments.stream().map(TraceWriter::segment).toList();
        String flow = "segments: [" + String.join(", ", items) + "]";
        if (indent + flow.length() <= LINE_LIMIT || items.isEmpty()) {
            line(indent, flow);
            return;
        }
        line(indent, "segments:");
        items.forEach(item -> line(indent + 2, "- " + item));
    }

    private static String segment(SegmentSpec segment) {
        if (segment.isBareSize()) {
            return Numbers.formatSize(segment.size());
        }
        List<String> parts = new ArrayList<>();
        parts.add("size: " + Numbers.formatSize(segment.size()));
        segment.align().ifPresent(a -> parts.add("align: " + Numbers.formatSize(a)));
        segment.min().ifPresent(a -> parts.add("min: " + Numbers.formatHex(a)));
        segment.max().ifPresent(a -> parts.add("max: " + Numbers.formatHex(a)));
        return flowMap(parts);
    }

    private static String instance(InstanceSpec instance) {
        List<String> parts = new ArrayList<>();
        instance.name().ifPresent(n -> parts.add("name: " + name(n)));
        instance.id().ifPresent(id -> parts.add("id: " + id));
        instance.cpus().ifPresent(cpus -> parts.add("cpus: ["
                + cpus.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]"));
        instance.memoryBytes().ifPresent(m -> parts.add("memory-bytes: " + Numbers.formatSize(m)));
        return flowMap(parts);
    }

    private void expect(int indent, Expect expect) {
        if (expect.isResultOnly()) {
            line(indent, "expect: " + expect.result().orElseThrow().word());
            return;
        }
        List<String> parts = new ArrayList<>();
        expect.result().ifPresent(r -> parts.add("result: " + r.word()));
        for (Map.Entry<String, InstanceStatus> status : expect.statuses().entrySet()) {
            parts.add(name(status.getKey()) + ": " + status.getValue().word());
        }
        expect.restored().ifPresent(r -> parts.add("restored: " + restored(r)));
        expect.handoverBytes().ifPresent(b -> parts.add("handover-bytes: " + Numbers.formatSize(b)));
        if (!expect.violations().isEmpty()) {
            parts.add("violations: [" + String.join(", ", expect.violations()) + "]");
        }
        String flow = "expect: " + flowMap(parts);
        if (indent + flow.length() <= LINE_LIMIT) {
            line(indent, flow);
            return;
        }
        line(indent, "expect:");
        for (String part : parts) {
            if (part.startsWith("violations: ") && indent + 2 + part.length() > LINE_LIMIT) {
                line(indent + 2, "violations:");
                expect.violations().forEach(v -> line(indent + 4, "- " + v));
            } else {
                line(indent + 2, part);
            }
        }
    }

    private static String restored(Restored restored) {
        return restored.accept(new Restored.Cases<>() {
            public String nothing(Restored.Nothing n) {
                return "none";
            }

            public String instance(Restored.Instance i) {
                return TraceWriter.instance(i.instance());
            }
        });
    }

    private static String flowMap(List<String> parts) {
        return parts.isEmpty() ? "{}" : "{ " + String.join(", ", parts) + " }";
    }

    /**
     * A name, quoted when a YAML reader other than ours would take it for a number, boolean or null: names starting
     * with a digit, and YAML 1.1's boolean and null words.
     */
    private static String name(String name) {
        boolean looksTyped = Character.isDigit(name.charAt(0)) || YAML_WORDS.contains(name);
        return looksTyped ? "\"" + name + "\"" : name;
    }

    /**
     * Free text: plain if it is one simple line, a literal block if it has clean lines ending in newlines, else a
     * double-quoted string.
     */
    private void text(int indent, String key, String text) {
        if (PLAIN_TEXT.matcher(text).matches() && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
            line(indent, key + ": " + text);
            return;
        }
        Optional<String> chomping = literalChomping(text);
        if (chomping.isEmpty()) {
            line(indent, key + ": " + doubleQuoted(text));
            return;
        }
        line(indent, key + ": |" + chomping.get());
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String part : body.split("\n", -1)) {
            if (part.isEmpty()) {
                out.append('\n');
            } else {
                line(indent + 2, part);
            }
        }
    }

    /**
     * The chomping indicator that makes a literal block read back as exactly {@code text}, or empty when a literal
     * block cannot: one line only, characters YAML would fold or escape, a line starting with a space or ending in
     * whitespace, or more than one trailing newline.
     */
    private static Optional<String> literalChomping(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (text.indexOf('\n') < 0 || body.isEmpty() || body.endsWith("\n")) {
            return Optional.empty();
        }
        for (String part : body.split("\n", -1)) {
            if (part.startsWith(" ") || part.endsWith(" ")) {
                return Optional.empty();
            }
            if (!part.codePoints().allMatch(TraceWriter::isPlainPrintable)) {
                return Optional.empty();
            }
        }
        if (body.startsWith("\n")) {
            return Optional.empty();
        }
        return Optional.of(text.endsWith("\n") ? "" : "-");
    }

    /** A YAML double-quoted scalar of {@code text}, escaping everything that is not plainly printable. */
    private static String doubleQuoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else if (c == '\r') {
                quoted.append("\\r");
            } else if (isPlainPrintable(c)) {
                quoted.appendCodePoint(c);
            } else if (c <= 0xff) {
                quoted.append(String.format("\\x%02x", c));
            } else if (c <= 0xffff) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.append(String.format("\\U%08x", c));
            }
        });
        return quoted.append('"').toString();
    }

    /**
     * Whether {@code c} can stand for itself inside a YAML scalar: printable, and neither a YAML line break
     * (U+0085, U+2028, U+2029) nor a byte-order mark, nor a tab (which block scalars treat as indentation trouble).
     */
    private static boolean isPlainPrintable(int c) {
        return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff && c != 0x2028 && c != 0x2029)
                || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) || (c >= 0x10000 && c <= 0x10ffff);
    }

    private void line(int indent, String text) {
        out.append(" ".repeat(indent)).append(text).append('\n');
    }
}
