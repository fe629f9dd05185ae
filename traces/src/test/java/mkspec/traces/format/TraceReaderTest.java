package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the reader treats valid traces, and how it reports invalid ones beyond the single-defect table. */
class TraceReaderTest {

    private static Trace accept(String yaml) {
        return ReadResults.accepted(TraceReader.read(yaml, "t.yaml"), "");
    }

    private static List<String> reject(String yaml) {
        TraceReadResult result = TraceReader.read(yaml, "t.yaml");
        return assertInstanceOf(TraceReadResult.Rejected.class, result).problems().stream()
                .map(TraceProblem::render).toList();
    }

    private static Step onlyStep(String stepYaml) {
        Trace trace = accept("mkspec-trace: 1\nname: t\nsteps:\n" + stepYaml);
        assertEquals(1, trace.steps().size());
        return trace.steps().get(0);
    }

    @Test
    void aMinimalTraceGetsTheDefaultsOfTheFormat() {
        Trace trace = accept("mkspec-trace: 1\nname: t\nsteps: []\n");

        assertEquals(Trace.of("t", List.of()), trace);
        assertEquals(new MachineSpec(4096, 8, 64L << 20, 1L << 30), trace.machine());
        assertEquals("fixed", trace.profile());
    }

    @Test
    void aPartialMachineKeepsTheDefaultsOfTheKeysItLeavesOut() {
        Trace trace = accept("mkspec-trace: 1\nname: t\nmachine: { cpus: 4, pool: 64M@1G }\nsteps: []\n");

        assertEquals(new MachineSpec(4096, 4, 64L << 20, 1L << 30), trace.machine());
    }

    @Test
    void everyProblemIsReportedSortedSoTheFirstIsTheEarliestInTheFile() {
        List<String> problems = reject("""
                mkspec-trace: 1
                name: t
                steps:
                  - op: mkdir
                    name: web
                    expect: { violations: [nope] }
                  - op: kexec-file-load
                    id: x
                    segments: [1M]
                profile: later
                """);

        assertEquals(List.of(
                "t.yaml:6:28: violations: expected an invariant name (" + String.join(", ", InvariantNames.all())
                        + "), found 'nope'",
                "t.yaml:8:9: id: expected an integer (decimal or 0x hex), found 'x', which is not a number",
                "t.yaml:10:10: profile: expected rfc-v2 or fixed, found 'later'"), problems);
    }

    @Test
    void aRepeatedKeyLaterInTheFileDoesNotHideAnEarlierProblem() {
        List<String> problems = reject("""
                mkspec-trace: 1
                name: Bad
                steps: []
                steps: []
                """);

        assertEquals(List.of(
                "t.yaml:2:7: name: expected a name ([a-z0-9][a-z0-9-]*), found 'Bad'",
                "t.yaml:4:1: expected each key once, found 'steps' again (first at 3:1)"), problems);
    }

    @Test
    void aFutureVersionIsTheOnlyProblemReportedSinceTheRestIsNotVersionOne() {
        assertEquals(List.of("t.yaml:1:15: unsupported trace version 2: this mkspec reads version 1"),
                reject("mkspec-trace: 2\nname: T\nsteps: {}\nnew-key: 1\n"));
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedAtTheirLine() {
        byte[] bytes = "mkspec-trace: 1\nname: t\u00e9\nsteps: []\n".getBytes(StandardCharsets.ISO_8859_1);

        TraceReadResult result = TraceReader.read(bytes, "latin1.yaml");

        assertEquals("latin1.yaml:2:8: expected UTF-8 text, found a byte sequence that is not UTF-8",
                assertInstanceOf(TraceReadResult.Rejected.class, result).first().render());
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndingsAreAccepted() {
        byte[] bytes = "\uFEFFmkspec-trace: 1\r\nname: t\r\nsteps:\r\n  - op: status\r\n"
                .getBytes(StandardCharsets.UTF_8);

        TraceReadResult result = TraceReader.read(bytes, "windows.yaml");

        Trace trace = assertInstanceOf(TraceReadResult.Accepted.class, result).trace();
        assertEquals(new Position(4, 5), trace.steps().get(0).position());
    }

    @Test
    void aTraceReadFromAFileRecordsItAndNamesItInProblems(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "mkspec-trace: 1\nname: t\nsteps: []\n");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "mkspec-trace: 1\nname: t\n");

        Trace trace = assertInstanceOf(TraceReadResult.Accepted.class, TraceReader.read(good)).trace();
        TraceReadResult.Rejected rejected = assertInstanceOf(TraceReadResult.Rejected.class, TraceReader.read(bad));

        assertEquals(Optional.of(good), trace.file());
        assertEquals(bad + ":1:1: trace: expected key 'steps', found none", rejected.first().render());
    }

    @Test
    void aMissingFileIsARejectionNotAnException(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");

        TraceReadResult result = TraceReader.read(missing);

        assertEquals(missing + ": expected a trace file, found no such file",
                assertInstanceOf(TraceReadResult.Rejected.class, result).first().render());
    }

    @Test
    void quotingDoesNotChangeAValue() {
        Step plain = onlyStep("  - op: spawned-boot\n    id: 0x10\n");
        Step quoted = onlyStep("  - op: spawned-boot\n    id: \"0x10\"\n");

        assertEquals(new Step.SpawnedBoot(16, Optional.empty(), Position.UNKNOWN), plain.withPosition(Position.UNKNOWN));
        assertEquals(plain.withPosition(Position.UNKNOWN), quoted.withPosition(Position.UNKNOWN));
    }

    @Test
    void instanceFieldsLeftOutStayAbsentRatherThanDefaulted() {
        Step step = onlyStep("""
                  - op: upload-device-tree
                    instances:
                      - { name: web }
                      - { id: 3, cpus: [] }
                      - {}
                """);

        assertEquals(new DeviceTreeSource.Instances(List.of(
                new InstanceSpec(Optional.of("web"), Optional.empty(), Optional.empty(), Optional.empty()),
                new InstanceSpec(Optional.empty(), Optional.of(3L), Optional.of(List.of()), Optional.empty()),
                InstanceSpec.empty())), ((Step.UploadDeviceTree) step).tree());
    }

    @Test
    void aDtbIsBase64AndMaySpanSeveralLines() {
        Step step = onlyStep("  - op: upload-device-tree\n    dtb: |\n      0A0B\n      3u0=\n    write-chunk: 4K\n");

        Step.UploadDeviceTree upload = (Step.UploadDeviceTree) step;
        assertEquals(new DeviceTreeSource.Dtb(new byte[] {(byte) 0xd0, 0x0d, 0x01, (byte) 0xde, (byte) 0xed}),
                upload.tree());
        assertEquals(Optional.of(4096L), upload.writeChunk());
    }

    @Test
    void rawFlagsAndSegmentMapsAreRead() {
        Step step = onlyStep("""
                  - op: kexec-file-load
                    flags: 0x40
                    segments: [4096, { size: 1M, align: 2M, min: 0x40000000, max: 1G }]
                    fail-at: control-pages
                """);

        assertEquals(new Step.KexecFileLoad(new LoadTarget.RawFlags(0x40),
                List.of(SegmentSpec.ofSize(4096), new SegmentSpec(1L << 20, Optional.of(2L << 20),
                        Optional.of(0x40000000L), Optional.of(1L << 30))),
                Optional.of(LoadFailPoint.CONTROL_PAGES), Optional.empty(), Position.UNKNOWN),
                step.withPosition(Position.UNKNOWN));
    }

    @Test
    void theMkspecExtensionsBugAndRebootFailAtAreRead() {
        Trace trace = accept("""
                mkspec-trace: 1
                name: t
                steps:
                  - op: reboot-multikernel
                    id: 1
                    bad-pointer: true
                    fail-at: notifier-no-dtb
                    expect: { result: ok, handover-bytes: 312, violations: [handover-well-formed] }
                  - op: rmdir
                    name: web
                    expect: bug
                """);

        Step.RebootMultikernel reboot = (Step.RebootMultikernel) trace.steps().get(0);
        assertTrue(reboot.badPointer());
        assertEquals(Optional.of(RebootFailPoint.NOTIFIER_NO_DTB), reboot.failAt());
        assertEquals(Optional.of(312L), reboot.expect().orElseThrow().handoverBytes());
        assertEquals(Optional.of(new ExpectedResult.Bug()), trace.steps().get(1).expect().orElseThrow().result());
    }

    @Test
    void aSpawnedBootMayExpectNothingOrAnInstanceRestored() {
        Trace trace = accept("""
                mkspec-trace: 1
                name: t
                steps:
                  - op: spawned-boot
                    id: 1
                    expect: { restored: none }
                  - op: spawned-boot
                    id: 2
                    expect:
                      result: ok
                      restored: { name: db, id: 2, cpus: [2, 3] }
                """);

        assertEquals(Optional.of(new Restored.Nothing()), trace.steps().get(0).expect().orElseThrow().restored());
        assertEquals(Optional.of(new Restored.Instance(new InstanceSpec(Optional.of("db"), Optional.of(2L),
                        Optional.of(List.of(2, 3)), Optional.empty()))),
                trace.steps().get(1).expect().orElseThrow().restored());
    }

    @Test
    void aStepWithoutExpectChecksOnlyTheInvariants() {
        assertFalse(onlyStep("  - op: host-reuse-freed-pages\n").expect().isPresent());
    }

    @Test
    void aHangIsAResult() {
        assertEquals(Optional.of(Expect.result(new ExpectedResult.Hang())),
                onlyStep("  - op: reboot-other\n    expect: hang\n").expect());
    }

    @Test
    void aStepsPositionIsItsFirstKey() {
        Trace trace = accept("mkspec-trace: 1\nname: t\nsteps:\n  - op: status\n  -   op: reboot-other\n"
                + "  - { op: host-reuse-freed-pages }\n");

        assertEquals(List.of(new Position(4, 5), new Position(5, 7), new Position(6, 5)),
                trace.steps().stream().map(Step::position).toList());
    }

    @Test
    void anAnchorAndItsAliasAreEachReportedOnceAlthoughTheirValuesAreAlsoUnusable() {
        List<String> problems = reject("mkspec-trace: 1\nname: &n t\nsteps:\n  - op: mkdir\n    name: *n\n");

        assertEquals(List.of(
                "t.yaml:2:7: expected a plain value, found the anchor &n (anchors and aliases are not supported)",
                "t.yaml:5:11: expected a plain value, found the alias *n (anchors and aliases are not supported)"),
                problems);
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedUnreadWhereItPassesTheLimit(@TempDir Path dir) throws IOException {
        String head = "mkspec-trace: 1\nname: t\n";
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, head + "# " + "x".repeat(10_000_000) + "\nsteps: []\n");

        TraceReadResult result = TraceReader.read(big);

        String column = String.valueOf(TraceReader.MAX_BYTES - head.length() + 1);
        assertEquals(List.of(big + ":3:" + column + ": expected a trace file of at most 2097152 bytes (2 MiB), found"
                + " a larger file"), assertInstanceOf(TraceReadResult.Rejected.class, result).problems().stream()
                .map(TraceProblem::render).toList());
    }

    @Test
    void aLineLongerThanAValueMayBeIsRefusedBeforeParsing() {
        String yaml = "mkspec-trace: 1\nname: t\ndescription: " + "a".repeat(TraceReader.MAX_VALUE_CHARS) + "\nsteps: []\n";

        assertEquals(List.of("t.yaml:3:1572865: expected lines of at most 1572864 characters (1.5 Mi, the longest"
                + " value), found a longer line"), reject(yaml));
    }

    @Test
    void aValueLongerThanTheLimitOverSeveralLinesIsRefusedAtTheValue() {
        String lines = ("  " + "y".repeat(78) + "\n").repeat(TraceReader.MAX_VALUE_CHARS / 79 + 1);
        String yaml = "mkspec-trace: 1\nname: t\ndescription: |\n" + lines + "steps: []\n";

        List<String> problems = reject(yaml);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("t.yaml:3:14: expected a value of at most 1572864 characters (1.5 Mi),"
                + " found one of "), problems.get(0));
    }

    @Test
    void theLimitsLeaveRoomForTheLargestDeviceTreeTheKernelRefusesWithE2big() {
        byte[] blob = new byte[(1 << 20) + 1];
        Trace trace = Trace.of("big-upload", List.of(new Step.UploadDeviceTree(new DeviceTreeSource.Dtb(blob),
                Optional.empty(), Optional.empty(), Position.UNKNOWN)));
        String written = TraceWriter.write(trace);
        int block = written.indexOf("dtb: |\n");
        int after = written.indexOf("\n", written.lastIndexOf("AAAA")) + 1;
        String oneLine = written.substring(0, block) + "dtb: " + java.util.Base64.getEncoder().encodeToString(blob)
                + "\n" + written.substring(after);

        assertTrue(accept(written).sameContentAs(trace), "76-character lines");
        assertTrue(accept(oneLine).sameContentAs(trace), "one line");
    }

    @Test
    void moreStepsThanTheLimitAreRefusedAtTheFirstStepBeyondIt() {
        String yaml = "mkspec-trace: 1\nname: t\nsteps:\n" + "  - op: status\n".repeat(TraceReader.MAX_STEPS + 5);

        assertEquals(List.of("t.yaml:10004:5: steps: expected at most 10000 steps, found 10005"), reject(yaml));
        assertEquals(TraceReader.MAX_STEPS, accept("mkspec-trace: 1\nname: t\nsteps:\n"
                + "  - op: status\n".repeat(TraceReader.MAX_STEPS)).steps().size());
    }
}
