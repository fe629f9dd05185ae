package mkspec.traces.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Mutants of the corpus traces, damaged as YAML (lines deleted, duplicated or re-indented, truncation, random bytes,
 * tags, anchors, huge values) and as traces (wrong types, numbers out of every range, unknown ops, names and errata,
 * missing and unknown keys), each run through {@code mkspec replay} as the command line runs it. Every one ends in
 * 0, 1 or 2; a 2 is only ever located problems ({@code file:line:column: ...}), never "could not complete".
 *
 * <p>Seeded: a failure names the seed and the mutant's number, and the mutant is rebuilt from them alone.
 */
class MutatedCorpusTest {
    /** The seed and count; {@code -Dmkspec.mutants.seed=S -Dmkspec.mutants.count=N} runs others. */
    private static final long SEED = Long.getLong("mkspec.mutants.seed", 20261204L);
    private static final int MUTANTS = Integer.getInteger("mkspec.mutants.count", 2000);
    private static final Path CORPUS = Path.of("corpus");

    /** Values a trace's keys must refuse or survive: wrong types, edges of every range, unknown words. */
    private static final List<String> VALUES = List.of("-1", "0", "1", "3", "4095", "4097", "8191", "8192", "65537",
        "0x10001", "2047", "2048", "0x7fffffff", "0x80000000", "0xffffffff", "0x100000000", "0x100000001",
        "0x7fffffffffffffff", "0x7ffffffffffff000", "0x8000000000000000", "9223372036854775807",
        "18446744073709551616", "8G", "1023G", "0x4000000000000000", "2M", "2M@0", "64K@0x40000001",
        "0x7fff000000000000@0x7fff000000000000", "1G@0x7fffffffc0000000", "0@0", "1@1", "true", "false", "~", "null",
        "''", "\"\"", "[]", "{}", "[1, 2]", "{ a: 1 }", "ok", "bug", "hang", "EINVAL", "EWHAT", "teleport", "web", "db",
        "WEB", "web/..", "D16", "D0", "d3", "D99999", "D18", "D19", "D20", "D2, D16", "D3, D3", "", "[D16]", "[D3, D3]", "[d3]", "fixed", "rfc-v3", "none",
        "segments-disjoint", "no-such-invariant", "[no-such-invariant]", "!!str x", "!!int 4", "!foo x", "&a x", "*a",
        "&e ok", "\"\\x00\"", "\"\\u0001\"", "é", "1e3", "1.5", "0o17", "0b101", "+4", "- 1");

    @TempDir
    Path tmp;

    @Test
    void everyMutantOfTheCorpusReplaysFailsOrIsRefusedWithAPosition() throws IOException {
        List<String> corpus = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CORPUS)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                corpus.add(Files.readString(p));
            }
        }
        assertTrue(corpus.size() > 40, "the corpus is there: " + corpus.size());
        Random random = new Random(SEED);
        int[] byCode = new int[3];
        List<String> wrong = new ArrayList<>();
        // One command line for every run, as picocli resets each option before it parses: building one per run
        // would cost more than most replays.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        for (int i = 0; i < MUTANTS; i++) {
            String original = corpus.get(random.nextInt(corpus.size()));
            Mutant m = mutate(original, random);
            Path file = tmp.resolve("m" + i + ".yaml");
            Files.write(file, m.bytes());
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int code = cli.execute("replay", file.toString(), "--out", tmp.resolve("out").toString());
            CommandLineTest.Run r = new CommandLineTest.Run(code, out.toString(), err.toString());
            String where = "seed " + SEED + " mutant " + i + " (" + m.what() + "):\n" + r.out() + r.err();
            if (r.code() < 0 || r.code() > 2) {
                wrong.add("exit " + r.code() + ", " + where);
                continue;
            }
            byCode[r.code()]++;
            if (r.err().contains("could not complete") || r.err().contains("Exception")) {
                wrong.add(where);
            } else if (r.code() == 2) {
                Pattern located = Pattern.compile(Pattern.quote(file.toString()) + ":[0-9]+:[0-9]+: \\S.*");
                if (r.err().isBlank() || !r.err().lines().allMatch(l -> located.matcher(l).matches())) {
                    wrong.add("not only located problems, " + where);
                }
            }
            Files.delete(file);
        }
        // Every wrong answer at once: one run shows each class of them.
        assertTrue(wrong.isEmpty(), wrong.size() + " mutants answered wrongly:\n" + String.join("\n", wrong));
        // The mutations must reach each outcome often, or the test checks less than it claims.
        assertTrue(byCode[0] > MUTANTS / 20 && byCode[1] > MUTANTS / 70 && byCode[2] > MUTANTS / 2,
            "exits 0/1/2: " + byCode[0] + "/" + byCode[1] + "/" + byCode[2]);
    }

    /** A damaged trace and what was done to it. */
    record Mutant(byte[] bytes, String what) {
    }

    private static final Pattern VALUE = Pattern.compile("([a-z][a-z-]*): *([^,{}\\[\\]\\n]*[^,{}\\[\\]\\n ])");
    private static final Pattern KEY = Pattern.compile("([a-z][a-z-]*):");

    static Mutant mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        if (random.nextInt(200) == 0) {
            // a value longer than any may be, spread over lines short enough to get past the check before parsing
            lines.add(Math.max(1, at), "description: |\n" + ("  " + "y".repeat(78) + "\n").repeat(20_200));
            return text(lines, "a description of 20200 lines before line " + (at + 1));
        }
        switch (random.nextInt(14)) {
            case 0 -> {
                lines.remove(at);
                return text(lines, "line " + (at + 1) + " deleted");
            }
            case 1 -> {
                lines.add(at, line);
                return text(lines, "line " + (at + 1) + " duplicated");
            }
            case 2 -> {
                String indented = random.nextBoolean() ? "  " + line : random.nextBoolean() ? "\t" + line.strip()
                    : line.replaceFirst("^  ", "");
                lines.set(at, indented);
                return text(lines, "line " + (at + 1) + " re-indented");
            }
            case 3 -> {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                int cut = random.nextInt(b.length);
                return new Mutant(java.util.Arrays.copyOf(b, cut), "truncated at byte " + cut);
            }
            case 4 -> {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return new Mutant(b, n + " random bytes");
            }
            case 5, 6, 7 -> {
                return replaceValue(lines, at, VALUES.get(random.nextInt(VALUES.size())), random);
            }
            case 8, 9 -> {
                return replaceListItem(lines, at, VALUES.get(random.nextInt(VALUES.size())), random);
            }
            case 10 -> {
                String prefix = List.of("!!str ", "!!int ", "!x ", "&a ", "&e ").get(random.nextInt(5));
                return replaceValue(lines, at, prefix + "%s", random);
            }
            case 11 -> {
                Matcher k = KEY.matcher(line);
                if (k.find()) {
                    lines.set(at, line.substring(0, k.start()) + "x" + k.group(1) + line.substring(k.start() + k.group(1).length()));
                    return text(lines, "key " + k.group(1) + " on line " + (at + 1) + " renamed");
                }
                lines.remove(at);
                return text(lines, "line " + (at + 1) + " deleted");
            }
            case 12 -> {
                int size = List.of(70_000, 1_600_000, 3_000_000).get(random.nextInt(3));
                return replaceValue(lines, at, "a".repeat(size), random);
            }
            default -> {
                int size = List.of(2_100_000, 4_000_000).get(random.nextInt(2));
                lines.add(at, "# " + "x".repeat(size));
                return text(lines, "a comment of " + size + " characters before line " + (at + 1));
            }
        }
    }

    /** The value of one {@code key: value} on line {@code at} (or after it) replaced; {@code %s} is the old value. */
    private static Mutant replaceValue(List<String> lines, int at, String value, Random random) {
        for (int k = 0; k < lines.size(); k++) {
            int n = (at + k) % lines.size();
            String line = lines.get(n);
            List<int[]> spans = new ArrayList<>();
            Matcher m = VALUE.matcher(line);
            while (m.find()) {
                spans.add(new int[] {m.start(2), m.end(2)});
            }
            if (!spans.isEmpty()) {
                int[] s = spans.get(random.nextInt(spans.size()));
                String old = line.substring(s[0], s[1]);
                String fresh = value.replace("%s", old);
                lines.set(n, line.substring(0, s[0]) + fresh + line.substring(s[1]));
                String shown = fresh.length() > 40 ? fresh.length() + " characters" : fresh;
                return text(lines, "value " + old + " on line " + (n + 1) + " replaced by " + shown);
            }
        }
        return text(lines, "nothing replaced");
    }

    private static final Pattern FLOW_LIST = Pattern.compile("\\[([^\\[\\]{}\\n]*)\\]");

    /**
     * One item of a flow list ({@code errata: [D2]}, {@code segments: [24K]}, {@code cpus: [1]}) on line {@code at}
     * or after it replaced by {@code value}; a trace without flow lists gets an {@code errata} list of it.
     */
    private static Mutant replaceListItem(List<String> lines, int at, String value, Random random) {
        for (int k = 0; k < lines.size(); k++) {
            int n = (at + k) % lines.size();
            String line = lines.get(n);
            Matcher m = FLOW_LIST.matcher(line);
            if (m.find()) {
                String[] items = m.group(1).split(",", -1);
                int i = random.nextInt(items.length);
                String old = items[i].strip();
                items[i] = (i == 0 ? "" : " ") + value;
                lines.set(n, line.substring(0, m.start(1)) + String.join(",", items) + line.substring(m.end(1)));
                return text(lines, "list item " + old + " on line " + (n + 1) + " replaced by " + value);
            }
        }
        lines.add(1, "errata: [" + value + "]");
        return text(lines, "errata: [" + value + "] added");
    }

    private static Mutant text(List<String> lines, String what) {
        return new Mutant((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), what);
    }
}
