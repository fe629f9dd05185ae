package mkspec.traces.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import mkspec.reference.fdt.DtsPrinter;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.fdt.Libfdt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkspec dtb FILE}: decode and validate a DTB, print it as DTS. */
@Command(name = "dtb", mixinStandardHelpOptions = true,
    description = {"Decode and validate a flattened device tree blob with libfdt's checks and print it as DTS that"
        + " dtc compiles back to the same tree.", "A valid tree DTS cannot express (names dtc rejects, properties"
        + " outside the root, no root) is printed anyway, as dtc -f does, with a warning on stderr (exit 0).",
        "A blob libfdt rejects is reported with its offset (exit 2)."})
final class DtbCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .dtb file")
    Path file;

    @Override
    public Integer call() {
        byte[] blob;
        try {
            blob = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Main.BadInput(file + ": cannot read: " + e.getMessage());
        }
        FdtTree tree = FdtTree.parse(blob).accept(new FdtTree.ParseResult.Cases<>() {
            public FdtTree parsed(FdtTree.Parsed p) {
                return p.tree();
            }

            public FdtTree malformed(FdtTree.Malformed m) {
                throw new Main.BadInput(file + ": offset " + m.offset() + ": " + m.message() + " ("
                    + Libfdt.fdt_strerror(m.error()) + ")");
            }
        });
        Optional<String> why = DtsPrinter.unprintableReason(tree);
        if (why.isPresent()) {
            // libfdt accepts the blob, so it is not bad input: print what DTS can say, as dtc -f does
            spec.commandLine().getErr().println("mkspec: warning: " + file + ": a valid blob that DTS cannot express ("
                + why.get() + "); printed anyway, as dtc -f does, so dtc will not compile it back to the same tree");
            spec.commandLine().getErr().flush();
        }
        spec.commandLine().getOut().print(DtsPrinter.printAnyway(tree));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
