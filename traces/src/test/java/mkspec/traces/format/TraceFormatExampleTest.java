package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example of TRACE-FORMAT.md, copied verbatim into a resource, reads to exactly the records it describes. */
class TraceFormatExampleTest {

    private static Path example() throws URISyntaxException {
        return Path.of(TraceFormatExampleTest.class.getResource("/format/example.yaml").toURI());
    }

    private static Trace read(Path file) {
        return ReadResults.accepted(TraceReader.read(file), "");
    }

    @Test
    void theFormatsExampleReadsToTheRecordsItDescribes() throws URISyntaxException {
        Path file = example();
        Trace expected = new Trace(1, "d3-second-instance-rejected",
                Optional.of("Under RFC v2 the instance-id bits of the flags fall outside KEXEC_FILE_FLAGS,"
                        + " so an instance with id 2 can never be loaded.\n"),
                "rfc-v2", List.of("D3"), new MachineSpec(4096, 8, 0x4000000L, 0x40000000L),
                List.of(
                        new Step.UploadDeviceTree(new DeviceTreeSource.Instances(List.of(
                                InstanceSpec.of("web", 1, List.of(1), 2L << 20),
                                InstanceSpec.of("db", 2, List.of(2, 3), 4L << 20))),
                                Optional.empty(), Optional.of(Expect.result(new ExpectedResult.Ok())),
                                new Position(14, 5)),
                        new Step.KexecFileLoad(new LoadTarget.ById(2),
                                List.of(SegmentSpec.ofSize(1L << 20), SegmentSpec.ofSize(8L << 10)), Optional.empty(),
                                Optional.of(Expect.result(new ExpectedResult.Errno("EINVAL"))), new Position(19, 5)),
                        new Step.Status(Optional.of(new Expect(Optional.empty(),
                                Map.of("web", InstanceStatus.READY, "db", InstanceStatus.READY), Optional.empty(),
                                Optional.empty(), Set.of())), new Position(23, 5))),
                Optional.of(file));

        assertEquals(expected, read(file));
    }

    @Test
    void theExampleWrittenAndReadAgainSaysTheSame() throws URISyntaxException {
        Trace original = read(example());

        TraceReadResult again = TraceReader.read(TraceWriter.write(original), "written.yaml");

        Trace reread = assertInstanceOf(TraceReadResult.Accepted.class, again).trace();
        assertEquals(original.withoutLocations(), reread.withoutLocations());
    }
}
