package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The writer's style: the format's own look, and text any YAML reader takes the same way ours does. */
class TraceWriterTest {

    private static Optional<Expect> result(ExpectedResult r) {
        return Optional.of(Expect.result(r));
    }

    @Test
    void aTraceIsWrittenInTheStyleOfTheFormatsExample() {
        Map<String, InstanceStatus> statuses = new LinkedHashMap<>();
        statuses.put("web", InstanceStatus.LOADED);
        statuses.put("db", InstanceStatus.ABSENT);
        Trace trace = new Trace(1, "style", Optional.of("Two instances, one load."), "rfc-v2", List.of("D3", "D6"),
                MachineSpec.DEFAULT, List.of(
                        new Step.UploadDeviceTree(new DeviceTreeSource.Instances(List.of(
                                InstanceSpec.of("web", 1, List.of(1), 2L << 20),
                                new InstanceSpec(Optional.of("db"), Optional.of(2L), Optional.empty(),
                                        Optional.of(4097L)))),
                                Optional.of(4096L), result(new ExpectedResult.Ok()), Position.UNKNOWN),
                        new Step.KexecFileLoad(new LoadTarget.ById(1), List.of(SegmentSpec.ofSize(1L << 20),
                                new SegmentSpec(8192, Optional.of(1L << 21), Optional.of(0x40000000L),
                                        Optional.empty())),
                                Optional.of(LoadFailPoint.POST_LOAD), result(new ExpectedResult.Errno("ENOMEM")),
                                Position.UNKNOWN),
                        new Step.KexecFileLoad(new LoadTarget.RawFlags(0x23), List.of(), Optional.empty(),
                                Optional.empty(), Position.UNKNOWN),
                        new Step.Status(Optional.of(new Expect(Optional.empty(), statuses, Optional.empty(),
                                Optional.empty(), Set.of())), Position.UNKNOWN),
                        new Step.RebootMultikernel(1, true, Optional.empty(), Optional.of(new Expect(
                                Optional.of(new ExpectedResult.Errno("EFAULT")), Map.of(), Optional.empty(),
                                Optional.of(312L), Set.of("reboot-lock-released"))), Position.UNKNOWN),
                        new Step.SpawnedBoot(1, Optional.of(new Expect(Optional.empty(), Map.of(),
                                Optional.of(new Restored.Instance(InstanceSpec.of("web", 1, List.of(1), 2L << 20))),
                                Optional.empty(), Set.of("restore-faithful", "handover-page-alive",
                                        "fdt-reads-in-bounds"))), Position.UNKNOWN),
                        new Step.KexecFileUnload(Optional.empty(), Optional.empty(), Position.UNKNOWN)),
                Optional.empty());

        assertEquals("""
                mkspec-trace: 1
                name: style
                description: Two instances, one load.
                profile: rfc-v2
                errata: [D3, D6]
                machine:
                  page-size: 4096
                  cpus: 8
                  pool: 64M@0x40000000
                steps:
                  - op: upload-device-tree
                    instances:
                      - { name: web, id: 1, cpus: [1], memory-bytes: 2M }
                      - { name: db, id: 2, memory-bytes: 4097 }
                    write-chunk: 4K
                    expect: ok
                  - op: kexec-file-load
                    id: 1
                    segments: [1M, { size: 8K, align: 2M, min: 0x40000000 }]
                    fail-at: post-load
                    expect: ENOMEM
                  - op: kexec-file-load
                    flags: 0x23
                    segments: []
                  - op: status
                    expect: { db: absent, web: loaded }
                  - op: reboot-multikernel
                    id: 1
                    bad-pointer: true
                    expect: { result: EFAULT, handover-bytes: 312, violations: [reboot-lock-released] }
                  - op: spawned-boot
                    id: 1
                    expect:
                      restored: { name: web, id: 1, cpus: [1], memory-bytes: 2M }
                      violations: [restore-faithful, handover-page-alive, fdt-reads-in-bounds]
                  - op: kexec-file-unload
                """, TraceWriter.write(trace));
    }

    @Test
    void aTraceWithoutStepsWritesAnEmptyList() {
        String text = TraceWriter.write(Trace.of("empty", List.of()));

        assertEquals("""
                mkspec-trace: 1
                name: empty
                profile: fixed
                machine:
                  page-size: 4096
                  cpus: 8
                  pool: 64M@0x40000000
                steps: []
                """, text);
    }

    @Test
    void descriptionsArePlainLiteralOrQuotedAsTheirTextNeeds() {
        assertEquals("description: Plain words, with commas.\n", descriptionLine("Plain words, with commas."));
        assertEquals("description: |\n  line one\n\n  line three\n", descriptionLine("line one\n\nline three\n"));
        assertEquals("description: |-\n  no final\n  newline\n", descriptionLine("no final\nnewline"));
        assertEquals("description: \"key: value\"\n", descriptionLine("key: value"));
        assertEquals("description: \"true\"\n", descriptionLine("true"));
        assertEquals("description: \"  indented\\nsecond\"\n", descriptionLine("  indented\nsecond"));
        assertEquals("description: \"tab\\tand \\\"quote\\\" \\x01 \\u2028\"\n",
                descriptionLine("tab\tand \"quote\" \u0001 \u2028"));
        assertEquals("description: \"\"\n", descriptionLine(""));
    }

    private static String descriptionLine(String description) {
        String text = TraceWriter.write(Trace.of("d", List.of()).withDescription(Optional.of(description)));
        int start = text.indexOf("description:");
        return text.substring(start, text.indexOf("profile:"));
    }

    @Test
    void namesThatYamlWouldTypeAreQuotedSoAnyYamlReaderSeesStrings() throws IOException {
        List<String> awkward = List.of("true", "no", "null", "y", "0", "123", "0x1f", "1e3", "2001-12-14");
        List<Step> steps = new ArrayList<>();
        awkward.forEach(name -> steps.add(new Step.Mkdir(name, Optional.empty(), Position.UNKNOWN)));
        String text = TraceWriter.write(Trace.of("t", steps));

        List<JsonToken> nameTokens = new ArrayList<>();
        try (JsonParser parser = YAMLFactory.builder().build().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("name")) {
                    nameTokens.add(parser.nextToken());
                }
            }
        }

        assertEquals(awkward.size() + 1, nameTokens.size());
        nameTokens.forEach(token -> assertEquals(JsonToken.VALUE_STRING, token, text));
    }

    @Test
    void aLongExpectationMovesFromFlowToBlockStyle() {
        Expect expect = new Expect(Optional.of(new ExpectedResult.Ok()), Map.of(), Optional.empty(), Optional.empty(),
                Set.copyOf(InvariantNames.all().subList(0, 5)));
        String text = TraceWriter.write(Trace.of("t", List.of(new Step.RebootOther(Optional.of(expect),
                Position.UNKNOWN))));

        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 100, line);
        }
        assertTrue(text.contains("""
                    expect:
                      result: ok
                      violations:
                        - segments-disjoint
                        - segments-inside-instance
                        - instances-disjoint
                        - pool-conserved
                        - no-pool-leak
                """), text);
    }
}
