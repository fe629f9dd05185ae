package mkspec.refinement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.spec.action.Action;
import mkspec.spec.action.Choice;
import mkspec.spec.action.Next;
import mkspec.spec.model.Fp;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Result;

/**
 * The refinement check for calls that overlap: a linearizability check in the spirit of quickcheck-state-machine's
 * parallel tests, done as the run goes (Lowe's just-in-time linearization) so that the history need not be kept.
 *
 * <p>Between two quiescent states (every thread between calls) the threaded reference carries a {@link Window}: the
 * calls in progress, and every <i>configuration</i> some order of the calls so far can be in: the spec's state, and
 * which calls in progress the order has already taken, with the result the spec gave them. When a call returns, each
 * configuration must take it now if it has not yet, after taking, in any order, any of the other calls in progress
 * (each a spec step from the state the calls before it left, with every choice the spec allows); only the
 * configurations in which the spec returns what the reference returned survive. The spec's choice for the
 * returning call is the one the reference's machine shows after the return, read as the refinement check reads a
 * lone call's. So a configuration is a sequential order consistent with real-time order: a call that returned
 * before another started was taken first.
 *
 * <p>The check: after every step some configuration survives, and at the quiescent state that closes the window one
 * of them is in the reference's abstract state.
 */
public final class Linearizability {
    /** The id the check reports under. */
    public static final String ID = "linearizable";
    /** What it checks. */
    public static final String STATEMENT = "calls that overlapped return what some sequential order of them, "
        + "consistent with their real-time order, returns in the spec, and leave the state that order leaves";

    /** A call in progress: its action and label. */
    public record Pending(Action action, String label) {
    }

    /**
     * One order of the calls so far, as far as it has gone: the spec's state, and the calls in progress it has
     * already taken, by thread, with the spec's result for each.
     */
    public record Config(MkState state, Map<Integer, Result> taken) {
        public Config {
            taken = Map.copyOf(taken);
        }
    }

    /**
     * The calls in progress and the configurations; {@link #EMPTY} at a quiescent state.
     */
    public record Window(Map<Integer, Pending> pending, Set<Config> configs) {
        /** Nothing in progress. */
        public static final Window EMPTY = new Window(Map.of(), Set.of());

        public Window {
            pending = Map.copyOf(pending);
            configs = Set.copyOf(configs);
        }

        /** {@code fp} with this window folded in; {@code fp} itself when it is empty. */
        long fingerprint(long fp) {
            if (pending.isEmpty() && configs.isEmpty()) {
                return fp;
            }
            long h = Fp.mix(fp, 0x6c696e);
            for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
                h += Fp.mix(e.getKey(), e.getValue().hashCode());
            }
            long cs = 0;
            for (Config c : configs) {
                cs += Fp.mix(c.state().fingerprint(), c.taken().hashCode());
            }
            return Fp.mix(h, cs);
        }
    }

    private final Platform platform;

    public Linearizability(Platform platform) {
        this.platform = platform;
    }

    /**
     * The window after thread {@code thread}'s step: {@code started} is the action it began (null for a
     * continuation), {@code r} what the step returned (null: the call goes on), {@code post} the reference's
     * abstract state after it. {@code pre} is the abstract state before the step, which opens the window when it
     * was empty. The window keeps its configurations when the last call returns: the caller judges and drops them.
     */
    public Window step(Window w, MkState pre, int thread, Action started, String label, StepResult r, MkState post) {
        Map<Integer, Pending> pending = new LinkedHashMap<>(w.pending());
        Set<Config> configs = new LinkedHashSet<>(w.configs());
        if (configs.isEmpty() && pending.isEmpty()) {
            configs.add(new Config(pre, Map.of()));
        }
        if (started != null) {
            pending.put(thread, new Pending(started, label));
        }
        if (r == null) {
            return new Window(pending, configs);
        }
        Pending returning = pending.remove(thread);
        Result result = Results.toSpec(r);
        Set<Config> next = new LinkedHashSet<>();
        for (Config c : configs) {
            if (c.taken().containsKey(thread)) {
                if (c.taken().get(thread).equals(result)) {
                    next.add(new Config(c.state(), without(c.taken(), thread)));
                }
                continue;
            }
            for (Config before : takeOthers(c, pending)) {
                for (Next.Step s : Next.steps(platform, before.state(), returning.action(), Choice.madeIn(post, result))) {
                    if (s.result().equals(result)) {
                        next.add(new Config(s.next(), before.taken()));
                    }
                }
            }
        }
        return new Window(pending, next);
    }

    /** {@code c}, and every configuration reached from it by taking, in some order, calls of {@code pending}. */
    private List<Config> takeOthers(Config c, Map<Integer, Pending> pending) {
        List<Config> out = new ArrayList<>();
        out.add(c);
        for (int k = 0; k < out.size(); k++) {
            Config from = out.get(k);
            for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
                if (from.taken().containsKey(e.getKey())) {
                    continue;
                }
                for (Next.Step s : Next.steps(platform, from.state(), e.getValue().action(), Choice.EVERY)) {
                    Map<Integer, Result> taken = new LinkedHashMap<>(from.taken());
                    taken.put(e.getKey(), s.result());
                    Config to = new Config(s.next(), taken);
                    if (!out.contains(to)) {
                        out.add(to);
                    }
                }
            }
        }
        return out;
    }

    private static Map<Integer, Result> without(Map<Integer, Result> m, int thread) {
        Map<Integer, Result> out = new LinkedHashMap<>(m);
        out.remove(thread);
        return out;
    }

    /**
     * Why the window {@code w} after a step does not explain the run; empty when it does. {@code quiescent}: the
     * step closed the window, whose configurations must then include {@code post}.
     */
    public List<String> judge(Window w, boolean quiescent, MkState post, String labels) {
        if (w.configs().isEmpty()) {
            return List.of("no sequential order of the overlapping calls " + labels + " consistent with their "
                + "real-time order returns in the spec what the reference returned");
        }
        if (quiescent) {
            for (Config c : w.configs()) {
                if (c.state().equals(post)) {
                    return List.of();
                }
            }
            List<String> out = new ArrayList<>();
            out.add("no sequential order of the overlapping calls " + labels + " consistent with their real-time "
                + "order ends in the reference's state; the nearest differs in:");
            out.addAll(StateDiff.diff(w.configs().iterator().next().state(), post));
            return out;
        }
        return List.of();
    }

    /** Whether two windows are the same. */
    static boolean same(Window a, Window b) {
        return Objects.equals(a, b);
    }
}
