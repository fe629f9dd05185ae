package mkspec.traces.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Markdown report: one table row per step, nothing in a name can end a cell, a code span or a fence, and the
 * state is shown where a step has something to say.
 */
class MarkdownReportTest {

    static List<ReportModel> models() {
        return ReportModels.all();
    }

    /** The lines of the table that starts with {@code header}, header and separator included. */
    private static List<String> table(String markdown, String header) {
        List<String> lines = List.of(markdown.split("\n", -1));
        int start = lines.indexOf(header);
        assertTrue(start >= 0, "no table " + header);
        List<String> rows = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i));
        }
        return rows;
    }

    /** How many cells GitHub sees in a row: pipes not escaped by a backslash, less one. */
    private static int cells(String row) {
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') {
                i++;
            } else if (row.charAt(i) == '|') {
                pipes++;
            }
        }
        return pipes - 1;
    }

    /**
     * The text outside fenced blocks and code spans, with the check that every fence closes and nothing inside a
     * block could close it early.
     */
    private static String prose(String markdown) {
        StringBuilder out = new StringBuilder();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("```")) {
                String fence = line.substring(0, line.length() - line.replaceFirst("^`+", "").length());
                int close = i + 1;
                while (close < lines.length && !lines[close].equals(fence)) {
                    assertFalse(lines[close].startsWith(fence), "a line inside a block starts with its fence");
                    close++;
                }
                assertTrue(close < lines.length, "fence on line " + (i + 1) + " never closes");
                i = close;
                continue;
            }
            out.append(withoutCodeSpans(line)).append('\n');
        }
        return out.toString();
    }

    private static String withoutCodeSpans(String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                out.append(c).append(line.charAt(i + 1));
                i += 2;
            } else if (c == '`') {
                int run = 0;
                while (i + run < line.length() && line.charAt(i + run) == '`') {
                    run++;
                }
                String fence = "`".repeat(run);
                int end = line.indexOf(fence, i + run);
                while (end >= 0 && end + run < line.length() && line.charAt(end + run) == '`') {
                    end = line.indexOf(fence, end + run + 1);
                }
                assertTrue(end >= 0, "an unclosed code span in: " + line);
                i = end + run;
                out.append("CODE");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("models")
    void theStepsTableHasOneRowOfFiveCellsPerStep(ReportModel model) {
        List<String> rows = table(MarkdownReport.render(model), "| # | step | expected | actual | broken invariants |");

        assertEquals(model.steps().size() + 2, rows.size());
        for (String row : rows) {
            assertEquals(5, cells(row), row);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyTableRowHasTheCellsOfItsHeader(ReportModel model) {
        String markdown = MarkdownReport.render(model);
        int expected = -1;
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("|")) {
                expected = -1;
            } else if (expected < 0) {
                expected = cells(line);
            } else {
                assertEquals(expected, cells(line), line);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void outsideCodeNoAngleBracketIsUnescapedAndEveryFenceCloses(ReportModel model) {
        String prose = prose(MarkdownReport.render(model));

        for (int i = 0; i < prose.length(); i++) {
            if (prose.charAt(i) == '\\') {
                i++;
            } else {
                assertFalse(prose.charAt(i) == '<', "unescaped markup at " + i + " in\n"
                        + prose);
            }
        }
    }

    @Test
    void hostileNamesStayInsideTheirCodeSpans() {
        String markdown = MarkdownReport.render(ReportModels.hostile());

        assertTrue(markdown.contains("| `<script>alert('x')</script>` | 1 | ready |"), markdown);
        assertTrue(markdown.contains("| `a\\|b` | 2 | ready\\|bad |"), markdown);
        assertTrue(markdown.contains("| ```` ``` ```` | 3 |"), markdown);
        assertTrue(markdown.contains("| `ev\\x01l\\u202egnp.exe` | 4 |"), markdown);
        assertFalse(markdown.contains("\u0001") || markdown.contains("\u202E"));
    }

    @Test
    void eachBrokenInvariantHasItsStatementAndDetails() {
        String markdown = MarkdownReport.render(ReportModels.threeStepViolation());

        assertTrue(markdown.contains("""
                ### `segments-inside-instance` (step 3)

                > every segment and control page of a multikernel image lies inside its instance's memory

                At step 3:

                - segment 0 of db's image at 0x100000000-0x100200000 is not in db's memory 0x40100000-0x40200000
                """), markdown);
    }

    @Test
    void theStateIsShownOnlyAfterStepsWithSomethingToSay() {
        String markdown = MarkdownReport.render(ReportModels.example());

        assertFalse(markdown.contains("## Step 1:"));
        assertFalse(markdown.contains("## Step 2:"));
        assertTrue(markdown.contains("## Step 3: `kexec-file-load id: 2 segments: [2M]`"));
        assertFalse(markdown.contains("## Step 4:"), "carried invariants alone are not news");
        assertTrue(markdown.contains("## Step 5: `spawned-boot id: 1`"));
        assertTrue(markdown.contains("- reboot lock: **held**"));
    }

    @Test
    void theHandoverFdtIsAFencedDtsBlock() {
        String markdown = MarkdownReport.render(ReportModels.crash());

        assertTrue(markdown.contains("```dts\n" + ReportModels.HANDOVER_DTS + "```\n"), markdown);
    }

    @Test
    void theRegionTableHasARowPerRegionAndNamesOverlaps() {
        List<String> rows = table(MarkdownReport.render(ReportModels.bigMapModel()),
                "| # | start | last byte | size | kind | owner | where | overlaps | note |");

        assertEquals(100 + 2, rows.size());
        assertTrue(rows.contains("| 8 | `0x40600000` | `0x409fffff` | 4M | instance memory | `overlapper` | pool |"
                + " **#1, #2** | overlaps inst1 and inst2 |"), String.join("\n", rows));
    }
}
