package mkspec.properties.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mkspec.properties.runner.Action;
import mkspec.properties.runner.Check;
import mkspec.properties.runner.Execution;
import mkspec.properties.runner.Gen;
import mkspec.properties.runner.Model;
import mkspec.properties.runner.RandomSource;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.Trace;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.check.Verdict;

/**
 * A transition system walked at random, as a model of the property runner: a sequence is a walk from the initial
 * state, a step picks an action and one of its successors, and after every step every state invariant and every
 * step invariant of the system must hold; the first that does not is the walk's failure, by its id, which the
 * shrinker keeps.
 *
 * <p>The distribution of a step: a kind of action ({@link TransitionSystem#kind}: upload-device-tree, mkdir,
 * kexec-file-load, ...) uniformly, then one action of that kind uniformly, then one of its successors uniformly.
 * Kinds first, because the catalogue has dozens of loads (every id, image and failure point) and one mkdir: uniform
 * over actions would rarely make the instance a load needs.
 *
 * <p>A state invariant is a function of the state alone, so after a step that hands back the same state object (a
 * refused call: the spec and the reference both return their state unchanged) its verdict is the one it had
 * before, which held, and the state invariants are not evaluated again; step invariants are evaluated on every step.
 *
 * @param <S> the system's state
 * @param <A> its actions
 * @param <R> what a step returns
 */
public final class Walks<S, A, R> {

    /** How a walk takes one step of its system. */
    @FunctionalInterface
    public interface Stepping<S, A, R> {
        /**
         * The step {@code action} takes from {@code state}, one of its successors drawn from {@code source} when
         * there are several. It may reuse {@code state}'s parts (a walk never comes back to a state).
         */
        Step<S, R> step(S state, A action, RandomSource source);
    }

    /**
     * One step of a walk: the action's index in the system's catalogue, what it returned and the state after it.
     *
     * @param action    the index of the action in {@link TransitionSystem#actions()}
     * @param result    what the step returned
     * @param successor the state after it
     * @param <S>       the state
     * @param <R>       the result
     */
    public record Move<S, R>(int action, R result, S successor) {
    }

    /** A walk in progress: its state and the verdict on its last step. Owned by one sequence. */
    public static final class Walk<S> {
        private S state;
        private mkspec.properties.runner.Verdict verdict = mkspec.properties.runner.Verdict.holds();

        Walk(S initial) {
            this.state = initial;
        }

        /** The state the walk is in. */
        public S state() {
            return state;
        }
    }

    private final TransitionSystem<S, A, R> system;
    private final Stepping<S, A, R> stepping;
    private final List<A> actions;
    private final String[] labels;
    /** Each label without its kind, as the runner shows a step's arguments after the kind's name. */
    private final String[] arguments;
    private final List<StateInvariant<S>> invariants;
    private final List<StepInvariant<S, A, R>> stepInvariants;
    private final Map<Object, String> words = new HashMap<>();
    private final Model<Walk<S>> model;
    /** Whether some actions are disabled in some states, so that a kind is drawn only where one of its is enabled. */
    private final boolean onlyEnabled;

    /** The walks of {@code system}, every action of which is enabled in every state, each step taken by {@code stepping}. */
    public Walks(TransitionSystem<S, A, R> system, Stepping<S, A, R> stepping) {
        this(system, stepping, false);
    }

    /**
     * The walks of a system some of whose actions are disabled in some states (a thread's next section while it is
     * between calls, a call's start while it is in one): a kind is drawn only where one of its actions is enabled,
     * then one of its enabled actions, then one of that action's successors, all from the walk's source, so that a
     * walk replays from its draws. Slower: every draw asks the system for every step of the kind.
     */
    public static <S, A, R> Walks<S, A, R> ofPartial(TransitionSystem<S, A, R> system) {
        return new Walks<>(system, (state, action, source) -> {
            throw new IllegalStateException("a partial system's walks step through TransitionSystem.steps");
        }, true);
    }

    private Walks(TransitionSystem<S, A, R> system, Stepping<S, A, R> stepping, boolean onlyEnabled) {
        this.system = system;
        this.stepping = stepping;
        this.onlyEnabled = onlyEnabled;
        this.actions = List.copyOf(system.actions());
        this.labels = new String[actions.size()];
        this.arguments = new String[actions.size()];
        Map<String, List<Integer>> kinds = new LinkedHashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            String kind = system.kind(actions.get(i));
            labels[i] = system.label(actions.get(i));
            arguments[i] = labels[i].startsWith(kind + "(") && labels[i].endsWith(")")
                ? labels[i].substring(kind.length() + 1, labels[i].length() - 1) : labels[i].equals(kind) ? "" : labels[i];
            kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(i);
        }
        this.invariants = List.copyOf(system.invariants());
        this.stepInvariants = List.copyOf(system.stepInvariants());
        List<Action<Walk<S>, ?>> runnerActions = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> kind : kinds.entrySet()) {
            int[] members = kind.getValue().stream().mapToInt(Integer::intValue).toArray();
            runnerActions.add(new Action<Walk<S>, Move<S, R>>(kind.getKey(), 1,
                walk -> !onlyEnabled || anyEnabled(walk.state, members),
                walk -> source -> move(walk, members, source), this::commit, move -> arguments[move.action()]));
        }
        List<Check<Walk<S>>> checks = List.of(walk -> walk.verdict);
        this.model = Model.of(this::start, runnerActions, checks);
    }

    /** The model the property runner runs. */
    public Model<Walk<S>> model() {
        return model;
    }

    /** The system walked. */
    public TransitionSystem<S, A, R> system() {
        return system;
    }

    /** The number of actions in the system's catalogue. */
    public int actionCount() {
        return actions.size();
    }

    /** The label of action {@code index}. */
    public String label(int index) {
        return labels[index];
    }

    /** The move an executed step of this model made. */
    @SuppressWarnings("unchecked")
    public Move<S, R> moveOf(mkspec.properties.runner.Step step) {
        return (Move<S, R>) step.args();
    }

    /** The path an execution of this model walked, from the system's initial state, as the checker writes paths. */
    public Trace<S, A, R> path(Execution execution) {
        List<Trace.TraceStep<S, A, R>> steps = new ArrayList<>();
        for (mkspec.properties.runner.Step s : execution.steps()) {
            Move<S, R> m = moveOf(s);
            steps.add(new Trace.TraceStep<>(actions.get(m.action()), labels[m.action()], m.result(), m.successor()));
        }
        return new Trace<>(system.initialStates().get(0), steps);
    }

    private Walk<S> start() {
        Walk<S> walk = new Walk<>(system.initialStates().get(0));
        for (StateInvariant<S> inv : invariants) {
            Verdict v = inv.check(walk.state);
            if (!v.holds()) {
                walk.verdict = violated(inv.id(), inv.statement(), v);
                break;
            }
        }
        return walk;
    }

    private boolean anyEnabled(S state, int[] members) {
        for (int m : members) {
            if (!system.steps(state, actions.get(m)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Move<S, R> move(Walk<S> walk, int[] members, RandomSource source) {
        if (onlyEnabled) {
            List<Integer> enabled = new ArrayList<>();
            List<List<Step<S, R>>> stepsOf = new ArrayList<>();
            for (int m : members) {
                List<Step<S, R>> steps = system.steps(walk.state, actions.get(m));
                if (!steps.isEmpty()) {
                    enabled.add(m);
                    stepsOf.add(steps);
                }
            }
            int pick = enabled.size() == 1 ? 0 : (int) source.draw(0, enabled.size() - 1);
            List<Step<S, R>> all = stepsOf.get(pick);
            Step<S, R> step = all.size() == 1 ? all.get(0) : all.get((int) source.draw(0, all.size() - 1));
            return new Move<>(enabled.get(pick), step.result(), step.successor());
        }
        int index = members.length == 1 ? members[0] : members[(int) source.draw(0, members.length - 1)];
        Step<S, R> step = stepping.step(walk.state, actions.get(index), source);
        return new Move<>(index, step.result(), step.successor());
    }

    private String commit(Walk<S> walk, Move<S, R> move) {
        S pre = walk.state;
        S post = move.successor();
        walk.state = post;
        walk.verdict = judge(pre, actions.get(move.action()), move.result(), post);
        return words.computeIfAbsent(move.result(), String::valueOf);
    }

    private mkspec.properties.runner.Verdict judge(S pre, A action, R result, S post) {
        if (post != pre) {
            for (StateInvariant<S> inv : invariants) {
                Verdict v = inv.check(post);
                if (!v.holds()) {
                    return violated(inv.id(), inv.statement(), v);
                }
            }
        }
        for (StepInvariant<S, A, R> inv : stepInvariants) {
            Verdict v = inv.check(pre, action, result, post);
            if (!v.holds()) {
                return violated(inv.id(), inv.statement(), v);
            }
        }
        return mkspec.properties.runner.Verdict.holds();
    }

    private static mkspec.properties.runner.Verdict violated(String id, String statement, Verdict v) {
        return mkspec.properties.runner.Verdict.violated(id,
            statement + ": " + String.join("; ", v.details()));
    }
}
