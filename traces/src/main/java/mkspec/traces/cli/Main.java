package mkspec.traces.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mkspec}: model-check the multikernel specification and its reference, replay traces,
 * write failing-case reports, list what each erratum breaks, decode device trees.
 *
 * <p>Exit codes: 0 when everything held, 1 on a violation or a failed expectation, 2 on bad input,
 * bad usage, or a run that could not complete.
 */
@Command(name = "mkspec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A model-checked specification of the Linux multikernel RFC v2, with an executable reference.",
    subcommands = {CheckCommand.class, ErrataCommand.class, ReplayCommand.class, ReportCommand.class, DtbCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:everything held", "1:a violation or a failed expectation", "2:bad input, bad usage, or a run that could not complete"})
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit code: everything held. */
    public static final int OK = 0;
    /** Exit code: a violation or a failed expectation. */
    public static final int VIOLATION = 1;
    /** Exit code: bad input, bad usage, or a run that could not complete. */
    public static final int BAD_INPUT = 2;

    /** Without a subcommand: the usage, on stderr, and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println(Console.message("a command is needed"));
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** The command line, with mkspec's exit codes and one-line error reporting wired in. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, java.util.List.of());
    }

    /**
     * The command line with {@code more} subcommands (picocli command objects) beside the built-in ones: the modules
     * above traces (the property runner's {@code simulate}) add theirs, since traces cannot depend on them.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, java.util.List<Object> more) {
        CommandLine cl = new CommandLine(new Main());
        for (Object command : more) {
            cl.addSubcommand(command);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> BAD_INPUT);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println(Console.message(ex instanceof BadInput ? ex.getMessage() : "could not complete: " + ex));
            if (!(ex instanceof BadInput) && System.getenv("MKSPEC_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            } else if (!(ex instanceof BadInput)) {
                line.getErr().println(Console.message("set MKSPEC_DEBUG=1 to see where"));
            }
            line.getErr().flush();
            return BAD_INPUT;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(Console.message(ex.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return BAD_INPUT;
        });
        return cl;
    }

    public static void main(String[] args) {
        run(args, java.util.List.of());
    }

    /** Runs the command line with {@code more} subcommands on the process's streams and exits with its code. */
    public static void run(String[] args, java.util.List<Object> more) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err, more).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Bad input or usage the user can fix: reported as one line, exit code 2. */
    public static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadInput(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mkspec 0.1.0 (multikernel RFC v2, trace format 1)"};
        }
    }
}
