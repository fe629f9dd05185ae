package mkspec.properties.simulate;

import java.util.List;
import mkspec.traces.cli.Main;

/** The {@code mkspec} command line with {@code simulate}, which needs the property runner, beside traces' commands. */
public final class MkspecMain {
    private MkspecMain() {
    }

    public static void main(String[] args) {
        Main.run(args, List.of(new SimulateCommand()));
    }
}
