package mkspec.properties.runner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Small systems with injected bugs, each with the minimal failing sequence its shrunk counterexample must be. */
final class Toys {

    private Toys() {
    }

    /** A counter that must stay below a limit (10 by default); the minimal failure is exactly limit increments. */
    static final class Counter {
        int count;

        static Model<Counter> model() {
            return model(10);
        }

        static Model<Counter> model(int limit) {
            return Model.of(Counter::new,
                    List.of(
                            Action.<Counter>of("inc", c -> {
                                c.count++;
                                return "ok";
                            }).withWeight(4),
                            Action.<Counter>of("dec", c -> {
                                c.count--;
                                return "ok";
                            }).when(c -> c.count > 0),
                            Action.<Counter>of("reset", c -> {
                                c.count = 0;
                                return "ok";
                            })),
                    List.of(Check.that("counter-below-" + limit, c -> c.count < limit, c -> "count is " + c.count)));
        }
    }

    /**
     * A bounded stack (capacity 5) whose pop, when it holds exactly three elements, returns the bottom element:
     * the minimal failure is push(0) push(0) push(1) pop.
     */
    static final class BuggyStack {
        static final int CAPACITY = 5;
        final List<Integer> elements = new ArrayList<>();
        final Deque<Integer> model = new ArrayDeque<>();
        String mismatch;

        int pop() {
            return elements.size() == 3 ? elements.remove(0) : elements.remove(elements.size() - 1);
        }

        static Model<BuggyStack> model() {
            return Model.of(BuggyStack::new,
                    List.of(
                            Action.<BuggyStack, Integer>of("push", s -> Gen.ints(0, 9), (s, x) -> {
                                s.elements.add(x);
                                s.model.push(x);
                                return "ok";
                            }).withWeight(2).when(s -> s.model.size() < CAPACITY),
                            Action.<BuggyStack>of("pop", s -> {
                                int got = s.pop();
                                int expected = s.model.pop();
                                if (got != expected) {
                                    s.mismatch = "popped " + got + ", expected " + expected;
                                }
                                return "ok";
                            }).when(s -> !s.model.isEmpty()),
                            Action.<BuggyStack>of("size", s -> s.elements.size() == s.model.size() ? "ok" : "wrong")),
                    List.of(Check.that("pop-returns-top", s -> s.mismatch == null, s -> s.mismatch)));
        }
    }

    /**
     * A set of small numbers that loses an element x in [20, 40) when a number of at least 40 is added:
     * the minimal failure is add(20) add(40).
     */
    static final class ThresholdSet {
        final Set<Integer> elements = new TreeSet<>();
        final Set<Integer> model = new TreeSet<>();

        static Model<ThresholdSet> model() {
            return Model.of(ThresholdSet::new,
                    List.of(
                            Action.<ThresholdSet, Integer>of("add", s -> Gen.ints(0, 99), (s, x) -> {
                                if (x >= 40) {
                                    s.elements.removeIf(y -> y >= 20 && y < 40);
                                }
                                s.elements.add(x);
                                s.model.add(x);
                                return "ok";
                            }).withWeight(3),
                            Action.<ThresholdSet, Integer>of("remove", s -> Gen.ints(0, 99), (s, x) -> {
                                s.elements.remove(x);
                                return s.model.remove(x) ? "removed" : "absent";
                            }),
                            Action.<ThresholdSet, Integer>of("contains", s -> Gen.ints(0, 99),
                                    (s, x) -> s.elements.contains(x) ? "yes" : "no")),
                    List.of(Check.that("set-matches-model", s -> s.elements.equals(s.model),
                            s -> "set " + s.elements + ", model " + s.model)));
        }
    }

    /**
     * A door that a lock should keep shut, but whose open ignores the lock: only lock-then-open fails, so the
     * minimal failure is exactly lock, open (open-then-lock is refused with EBUSY).
     */
    static final class Door {
        boolean open;
        boolean locked;

        static Model<Door> model() {
            return Model.of(Door::new,
                    List.of(
                            Action.<Door>of("open", d -> {
                                d.open = true; // the bug: a locked door should answer ELOCKED
                                return "ok";
                            }),
                            Action.<Door>of("close", d -> {
                                d.open = false;
                                return "ok";
                            }),
                            Action.<Door>of("lock", d -> {
                                if (d.open) {
                                    return "EBUSY";
                                }
                                d.locked = true;
                                return "ok";
                            }),
                            Action.<Door>of("unlock", d -> {
                                d.locked = false;
                                return "ok";
                            })),
                    List.of(Check.that("locked-door-stays-shut", d -> !(d.locked && d.open),
                            d -> "the door is open and locked")));
        }
    }

    /** A queue that throws once it holds three elements; the minimal failure is three offers of 0. */
    static final class ThrowingQueue {
        final Deque<Integer> elements = new ArrayDeque<>();

        static Model<ThrowingQueue> model() {
            return Model.of(ThrowingQueue::new,
                    List.of(
                            Action.<ThrowingQueue, Integer>of("offer", q -> Gen.ints(0, 50), (q, x) -> {
                                if (q.elements.size() == 2) {
                                    throw new IllegalStateException("queue full at 2 (capacity was meant to be 4)");
                                }
                                q.elements.add(x);
                                return "ok";
                            }).withWeight(2),
                            Action.<ThrowingQueue>of("poll", q -> q.elements.poll() == null ? "empty" : "ok")),
                    List.of());
        }
    }

    /**
     * A key-value store that corrupts a key written twice with a value of at least 5: the bug needs two equal
     * keys, so the minimal failure is put(0=0) put(0=5).
     */
    static final class Store {
        final Map<Integer, Integer> entries = new HashMap<>();
        boolean corrupt;

        record Put(int key, int value) {
            @Override
            public String toString() {
                return key + "=" + value;
            }
        }

        static Model<Store> model() {
            Gen<Put> puts = Gen.ints(0, 30).flatMap(k -> Gen.ints(0, 9).map(v -> new Put(k, v)));
            return Model.of(Store::new,
                    List.of(
                            Action.<Store, Put>of("put", s -> puts, (s, p) -> {
                                if (s.entries.containsKey(p.key()) && p.value() >= 5) {
                                    s.corrupt = true;
                                }
                                s.entries.put(p.key(), p.value());
                                return "ok";
                            }),
                            Action.<Store, Integer>of("get", s -> Gen.ints(0, 30),
                                    (s, k) -> s.entries.containsKey(k) ? "hit" : "miss")),
                    List.of(Check.that("store-consistent", s -> !s.corrupt, s -> "a rewritten key was corrupted")));
        }
    }

    /** A correct bounded stack: the property holds. */
    static final class GoodStack {
        final List<Integer> elements = new ArrayList<>();
        final Deque<Integer> model = new ArrayDeque<>();
        String mismatch;

        static Model<GoodStack> model() {
            return Model.of(GoodStack::new,
                    List.of(
                            Action.<GoodStack, Integer>of("push", s -> Gen.ints(-5, 5), (s, x) -> {
                                if (s.model.size() == BuggyStack.CAPACITY) {
                                    return "EFULL";
                                }
                                s.elements.add(x);
                                s.model.push(x);
                                return "ok";
                            }),
                            Action.<GoodStack>of("pop", s -> {
                                if (s.model.isEmpty()) {
                                    return "EEMPTY";
                                }
                                int got = s.elements.remove(s.elements.size() - 1);
                                int expected = s.model.pop();
                                if (got != expected) {
                                    s.mismatch = "popped " + got + ", expected " + expected;
                                }
                                return "ok";
                            })),
                    List.of(Check.that("pop-returns-top", s -> s.mismatch == null, s -> s.mismatch)));
        }
    }

    /** The names of the steps of an execution, in order. */
    static List<String> names(Execution execution) {
        List<String> names = new ArrayList<>();
        for (Step step : execution.steps()) {
            names.add(step.action());
        }
        return names;
    }

    /** The arguments of the steps of an execution, in order (null for actions without arguments). */
    static List<Object> args(Execution execution) {
        List<Object> args = new ArrayList<>();
        for (Step step : execution.steps()) {
            args.add(step.args());
        }
        return args;
    }
}
