package mkspec.refinement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * One check serves both kernels: {@code S} is the spec's state, {@code A} its action, and a {@link SpecSteps} says
 * which steps the spec allows.
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
public final class Linearizability<S, A> {
    /** The id the check reports under. */
    public static final String ID = "linearizable";
    /** What it checks. */
    public static final String STATEMENT = "calls that overlapped return what some sequential order of them, "
        + "consistent with their real-time order, returns in the spec, and leave the state that order leaves";

    /** One step the spec allows: the next state and the result. */
    public record Allowed<S>(S next, Result result) {
    }

    /** What the spec allows, for the check. */
    public interface SpecSteps<S, A> {
        /**
         * The spec's steps of {@code a} from {@code s} that return {@code r}, with the choices the reference's state
         * {@code post} shows (the refinement check's question): the returning call's.
         */
        List<Allowed<S>> madeIn(S s, A a, Result r, S post);

        /**
         * The spec's steps of {@code a} from {@code s} with every choice the spec allows that can still be the
         * reference's (a call in progress taken before the returning one); {@code post} is the reference's state now.
         */
        List<Allowed<S>> any(S s, A a, S post);

        /** A state's fingerprint. */
        long fingerprint(S s);

        /** How {@code got} differs from {@code want}, for a message. */
        List<String> diff(S want, S got);
    }

    /** A call in progress: its action and label. */
    public record Pending<A>(A action, String label) {
    }

    /**
     * One order of the calls so far, as far as it has gone: the spec's state, and the calls in progress it has
     * already taken, by thread, with the spec's result for each.
     */
    public record Config<S>(S state, Map<Integer, Result> taken) {
        public Config {
            taken = Map.copyOf(taken);
        }
    }

    /** The calls in progress and the configurations; {@link #empty()} at a quiescent state. */
    public record Window<S, A>(Map<Integer, Pending<A>> pending, Set<Config<S>> configs) {
        public Window {
            pending = Map.copyOf(pending);
            configs = Set.copyOf(configs);
        }

        /** Nothing in progress. */
        public static <S, A> Window<S, A> empty() {
            return new Window<>(Map.of(), Set.of());
        }

        /** Whether nothing is in progress. */
        public boolean isEmpty() {
            return pending.isEmpty() && configs.isEmpty();
        }
    }

    private final SpecSteps<S, A> spec;

    public Linearizability(SpecSteps<S, A> spec) {
        this.spec = spec;
    }

    /**
     * The calls an overlap concerns, thread by thread, as a message names them ({@code t1 rmdir(web), t2 ...}):
     * {@code running} the call each thread is inside (null where it is between calls), and {@code started}, when not
     * null, the call thread {@code thread} begins with this step.
     */
    public static <C> String overlapping(List<C> running, int thread, C started, java.util.function.Function<C, String> label) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < running.size(); t++) {
            C call = t == thread && started != null ? started : running.get(t);
            if (call != null) {
                out.add("t" + (t + 1) + " " + label.apply(call));
            }
        }
        return String.join(", ", out);
    }

    /** The check for RFC v2's spec on {@code platform}. */
    public static Linearizability<MkState, Action> rfcV2(Platform platform) {
        return new Linearizability<>(new SpecSteps<>() {
            public List<Allowed<MkState>> madeIn(MkState s, Action a, Result r, MkState post) {
                return allowed(Next.steps(platform, s, a, Choice.madeIn(post, r)));
            }

            public List<Allowed<MkState>> any(MkState s, Action a, MkState post) {
                return allowed(Next.steps(platform, s, a, Choice.EVERY));
            }

            public long fingerprint(MkState s) {
                return s.fingerprint();
            }

            public List<String> diff(MkState want, MkState got) {
                return StateDiff.diff(want, got);
            }
        });
    }

    private static List<Allowed<MkState>> allowed(List<Next.Step> steps) {
        List<Allowed<MkState>> out = new ArrayList<>(steps.size());
        for (Next.Step s : steps) {
            out.add(new Allowed<>(s.next(), s.result()));
        }
        return out;
    }

    /** {@code fp} with window {@code w} folded in; {@code fp} itself when it is empty. */
    public long fingerprint(Window<S, A> w, long fp) {
        if (w.isEmpty()) {
            return fp;
        }
        long h = Fp.mix(fp, 0x6c696e);
        for (Map.Entry<Integer, Pending<A>> e : w.pending().entrySet()) {
            h += Fp.mix(e.getKey(), e.getValue().hashCode());
        }
        long cs = 0;
        for (Config<S> c : w.configs()) {
            cs += Fp.mix(spec.fingerprint(c.state()), c.taken().hashCode());
        }
        return Fp.mix(h, cs);
    }

    /**
     * The window after thread {@code thread}'s step: {@code started} is the action it began (null for a
     * continuation), {@code r} what the step returned (null: the call goes on), {@code post} the reference's
     * abstract state after it. {@code pre} is the abstract state before the step, which opens the window when it
     * was empty. The window keeps its configurations when the last call returns: the caller judges and drops them.
     */
    public Window<S, A> step(Window<S, A> w, S pre, int thread, A started, String label, StepResult r, S post) {
        Map<Integer, Pending<A>> pending = new LinkedHashMap<>(w.pending());
        Set<Config<S>> configs = new LinkedHashSet<>(w.configs());
        if (configs.isEmpty() && pending.isEmpty()) {
            configs.add(new Config<>(pre, Map.of()));
        }
        if (started != null) {
            pending.put(thread, new Pending<>(started, label));
        }
        if (r == null) {
            return new Window<>(pending, configs);
        }
        Pending<A> returning = pending.remove(thread);
        Result result = Results.toSpec(r);
        Set<Config<S>> next = new LinkedHashSet<>();
        for (Config<S> c : configs) {
            if (c.taken().containsKey(thread)) {
                if (c.taken().get(thread).equals(result)) {
                    next.add(new Config<>(c.state(), without(c.taken(), thread)));
                }
                continue;
            }
            for (Config<S> before : takeOthers(c, pending, post)) {
                for (Allowed<S> s : spec.madeIn(before.state(), returning.action(), result, post)) {
                    if (s.result().equals(result)) {
                        next.add(new Config<>(s.next(), before.taken()));
                    }
                }
            }
        }
        return new Window<>(pending, next);
    }

    /** {@code c}, and every configuration reached from it by taking, in some order, calls of {@code pending}. */
    private List<Config<S>> takeOthers(Config<S> c, Map<Integer, Pending<A>> pending, S post) {
        List<Config<S>> out = new ArrayList<>();
        out.add(c);
        for (int k = 0; k < out.size(); k++) {
            Config<S> from = out.get(k);
            for (Map.Entry<Integer, Pending<A>> e : pending.entrySet()) {
                if (from.taken().containsKey(e.getKey())) {
                    continue;
                }
                for (Allowed<S> s : spec.any(from.state(), e.getValue().action(), post)) {
                    Map<Integer, Result> taken = new LinkedHashMap<>(from.taken());
                    taken.put(e.getKey(), s.result());
                    Config<S> to = new Config<>(s.next(), taken);
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
    public List<String> judge(Window<S, A> w, boolean quiescent, S post, String labels) {
        if (w.configs().isEmpty()) {
            return List.of("no sequential order of the overlapping calls " + labels + " consistent with their "
                + "real-time order returns in the spec what the reference returned");
        }
        if (quiescent) {
            for (Config<S> c : w.configs()) {
                if (c.state().equals(post)) {
                    return List.of();
                }
            }
            List<String> out = new ArrayList<>();
            out.add("no sequential order of the overlapping calls " + labels + " consistent with their real-time "
                + "order ends in the reference's state; the nearest differs in:");
            out.addAll(spec.diff(w.configs().iterator().next().state(), post));
            return out;
        }
        return List.of();
    }
}
