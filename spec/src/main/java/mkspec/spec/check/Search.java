package mkspec.spec.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the model checker over one system (see {@link ModelChecker} for the order it follows).
 *
 * <p>Each level goes through two parallel phases and one sequential one. Phase 1: workers claim chunks of the level
 * in any order; for each state they check its invariants, generate its steps, check step invariants and drop
 * successors whose fingerprint is already stored (a read-only look-up); the survivors of a chunk are its candidates,
 * in (state, action) order, and a chunk stops at its first event (violation, deadlock, exception). Phase 2: workers
 * insert the candidates of every chunk up to the first event into the fingerprint set, each worker only into the
 * segments it owns, in candidate order, so the first occurrence of each fingerprint is the one marked new. Phase 3
 * (sequential): the new candidates, in order, get discovery numbers, parent links and a place in the next level.
 * Which chunk a worker took never shows in the outcome.
 */
final class Search<S, A, R> {

  private static final int CHUNKS_PER_WORKER = 16;
  private static final int MIN_CHUNK = 32;
  private static final long RATIO_FROM_STATES = 65536;

  private enum Mode {
    /** Check and expand every state. */
    EXPAND,
    /** Check every state; count those within bounds (they are at maxDepth, so left unexpanded). */
    CHECK_AT_DEPTH_LIMIT,
    /** Only check the states (after maxStates stopped the search). */
    CHECK_ONLY
  }

  private enum EventKind { STATE_VIOLATION, STEP_VIOLATION, DEADLOCK, THREW, MAX_STATES }

  /**
   * Something that ends the search, at state {@code state} of a level and sub-position {@code at}: -1 while checking
   * the state, an action index while taking that step, the action count for a deadlock.
   */
  private record Event(
      EventKind kind,
      int state,
      int at,
      int choice,
      int invariant,
      List<String> details,
      long postFingerprint,
      String during,
      RuntimeException exception) {

    /** How many of the state's actions, in order, were generated up to and including this event. */
    int actionsGenerated() {
      return kind == EventKind.STEP_VIOLATION || kind == EventKind.MAX_STATES ? at + 1 : Math.max(0, at);
    }
  }

  /**
   * The states of one breadth-first level, with their fingerprints; state i has discovery number start + i. With
   * {@link CheckOptions#rebuildQueued} only the initial level keeps its states: the others are rebuilt from the parent
   * links when they are expanded ({@link Rebuilder}).
   */
  private static final class Level {
    final long start;
    /** Steps from an initial state to each state of the level. */
    final int depth;
    final Object[] states;
    final long[] fingerprints;
    int size;

    Level(long start, int depth, int capacity, boolean keepStates) {
      this.start = start;
      this.depth = depth;
      this.states = keepStates ? new Object[capacity] : null;
      this.fingerprints = new long[capacity];
    }

    void add(Object state, long fingerprint) {
      if (states != null) {
        states[size] = state;
      }
      fingerprints[size++] = fingerprint;
    }
  }

  /** Successors not seen before this level, in (state, action) order; reused from level to level. */
  private static final class Candidates {
    /**
     * The count lives in the middle of its own array: it is written for every candidate, and a plain field could
     * end up in the same cache line as another worker's after the garbage collector moves the objects together.
     */
    private static final int SIZE_AT = 16;

    long[] fingerprints = new long[256];
    int[] parents = new int[256];
    char[] actions = new char[256];
    int[] choices = new int[256];
    Object[] states = new Object[256];
    private final int[] sizeCell = new int[2 * SIZE_AT];

    int size() {
      return sizeCell[SIZE_AT];
    }

    void add(long fingerprint, int parent, int action, int choice, Object state) {
      int size = sizeCell[SIZE_AT];
      if (size == fingerprints.length) {
        int capacity = size + (size >> 1);
        fingerprints = Arrays.copyOf(fingerprints, capacity);
        parents = Arrays.copyOf(parents, capacity);
        actions = Arrays.copyOf(actions, capacity);
        choices = Arrays.copyOf(choices, capacity);
        states = Arrays.copyOf(states, capacity);
      }
      fingerprints[size] = fingerprint;
      parents[size] = parent;
      actions[size] = (char) action;
      choices[size] = choice;
      states[size] = state;
      sizeCell[SIZE_AT] = size + 1;
    }

    void clear() {
      Arrays.fill(states, 0, size(), null);
      sizeCell[SIZE_AT] = 0;
    }
  }

  /** One worker's buffers and counters for the current level. */
  private static final class Worker {
    /** Longs of padding around the counters, so that two workers' counters never share a cache line. */
    private static final int PAD = 8;
    private static final int GENERATED = PAD;
    private static final int ENABLED = PAD + 1;
    private static final int RECENT = 1024;

    final int id;
    /** [GENERATED]: steps generated; [ENABLED + a]: steps generated by action a; padded at both ends. */
    final long[] counters;
    /** States within bounds seen at the depth limit, which the search leaves unexpanded. */
    long withinBoundsAtLimit;
    final Candidates candidates = new Candidates();
    /**
     * The fingerprints of the chunk's recent candidates, direct-mapped: a successor found here is a later duplicate
     * of a candidate of the same chunk, hence earlier in candidate order, so it can never be the new one. Only the
     * same chunk counts, since a worker takes chunks in no particular order. Entries are valid where
     * {@code recentChunk} holds the serial number of the current chunk.
     */
    final long[] recentFingerprints = new long[RECENT];
    final int[] recentChunk = new int[RECENT];
    int chunkSerial;
    /** For progress reports only, updated after each chunk and read while the worker runs. */
    final AtomicLong statesDone = new AtomicLong();
    final AtomicLong generatedSoFar = new AtomicLong();
    /** With recoverability: the transitions this worker took, the home states it saw, and those it left unexpanded. */
    final BackwardPass.Edges edges = new BackwardPass.Edges();
    final BackwardPass.Marks homes = new BackwardPass.Marks();
    final BackwardPass.Marks unjudged = new BackwardPass.Marks();
    /** With {@link CheckOptions#rebuildQueued}: rebuilds the states this worker expands, else null. */
    final Search<?, ?, ?>.Rebuilder rebuilder;

    Worker(int id, int actionCount, Search<?, ?, ?>.Rebuilder rebuilder) {
      this.id = id;
      this.rebuilder = rebuilder;
      this.counters = new long[ENABLED + actionCount + PAD];
    }

    long generated() {
      return counters[GENERATED];
    }

    long enabled(int action) {
      return counters[ENABLED + action];
    }

    void reset() {
      Arrays.fill(counters, 0);
      withinBoundsAtLimit = 0;
      statesDone.set(0);
      generatedSoFar.set(0);
    }
  }

  private final TransitionSystem<S, A, R> system;
  private final CheckOptions options;
  private final ProgressListener listener;
  private final List<A> actions;
  private final int actionCount;
  private final List<StateInvariant<S>> invariants;
  private final List<StepInvariant<S, A, R>> stepInvariants;
  private final int workerCount;
  private final Worker[] workers;
  private final FingerprintSet seen = new FingerprintSet();
  private final ParentLinks links;
  /** The home predicate when recoverability is checked, else null (then no transition is kept). */
  private final StateInvariant<S> home;
  /** With recoverability: each stored state's fingerprint, by discovery number. */
  private long[] fingerprintsByNumber = new long[0];

  private List<S> initialStates;
  private final long[] enabledTotal;
  private final long[] newTotal;
  private long generatedTotal;
  private int depth;
  private Level level;
  /** Steps the coordinator re-ran to rebuild queued states while recounting coverage at a stop. */
  private long recountSteps;
  private ExecutorService pool;

  // Phase 1 chunk bookkeeping, written by workers, read by the coordinator after the phase.
  private int chunkCount;
  private int[] chunkWorker = new int[0];
  private int[] chunkFrom = new int[0];
  private int[] chunkTo = new int[0];
  private Event[] chunkEvent = new Event[0];
  private final AtomicInteger nextChunk = new AtomicInteger();
  private final AtomicInteger firstEventChunk = new AtomicInteger();

  // Phase 2: per worker, one bit per candidate, set where that worker stored the candidate as new.
  private long[][] newBits = new long[0][];

  private final long startNanos;
  private long nextProgressNanos;
  private long peakStoreBytes;
  private long peakHeapBytes;
  private double worstBytesPerState;

  Search(TransitionSystem<S, A, R> system, CheckOptions options, ProgressListener listener) {
    this.system = Objects.requireNonNull(system, "system");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.actions = List.copyOf(system.actions());
    this.actionCount = actions.size();
    this.invariants = List.copyOf(system.invariants());
    this.stepInvariants = List.copyOf(system.stepInvariants());
    this.links = new ParentLinks(actionCount);
    this.home = options.recoverability() ? system.home().orElse(null) : null;
    this.workerCount = options.workers();
    this.workers = new Worker[workerCount];
    for (int w = 0; w < workerCount; w++) {
      workers[w] = new Worker(w, actionCount, options.rebuildQueued() ? new Rebuilder() : null);
    }
    this.enabledTotal = new long[actionCount];
    this.newTotal = new long[actionCount];
    this.startNanos = System.nanoTime();
    this.nextProgressNanos = startNanos + progressNanos();
  }

  CheckResult<S, A, R> run() {
    pool = Executors.newFixedThreadPool(workerCount, runnable -> {
      Thread thread = new Thread(runnable, "mkspec-check-worker");
      thread.setDaemon(true);
      return thread;
    });
    try {
      return search();
    } finally {
      pool.shutdownNow();
    }
  }

  private CheckResult<S, A, R> search() {
    initialStates = List.copyOf(system.initialStates());
    level = new Level(0, 0, initialStates.size(), true);
    generatedTotal = 0;
    for (int position = 0; position < initialStates.size(); position++) {
      S state = initialStates.get(position);
      generatedTotal++;
      long fingerprint = system.fingerprint(state);
      if (seen.add(fingerprint)) {
        links.addInitial(position);
        number(fingerprint);
        level.add(state, fingerprint);
        if (reachedMaxStates()) {
          return stopAtMaxStates(null, -1);
        }
      }
    }
    noteStoreSize();
    long leftAtDepthLimit = 0;
    while (level.size > 0) {
      boolean atDepthLimit = options.maxDepth() > 0 && depth >= options.maxDepth();
      Mode mode = atDepthLimit ? Mode.CHECK_AT_DEPTH_LIMIT : Mode.EXPAND;
      expandLevel(0, mode);
      int eventChunk = firstEventChunk.get();
      Event event = eventChunk < chunkCount ? chunkEvent[eventChunk] : null;
      if (mode != Mode.EXPAND) {
        if (event != null) {
          return stop(event, null);
        }
        for (Worker worker : workers) {
          leftAtDepthLimit += worker.withinBoundsAtLimit;
        }
        break;
      }
      int lastChunk = event != null ? eventChunk : chunkCount - 1;
      insertCandidates(lastChunk);
      Level next = new Level(level.start + level.size, level.depth + 1, countNew(), !options.rebuildQueued());
      long[] newThisLevel = new long[actionCount];
      Event cut = assignDiscoveries(lastChunk, next, newThisLevel);
      if (cut != null) {
        closeParents(cut.state());
        addCounts(recount(cut), newThisLevel);
        return stopAtMaxStates(next, cut.state());
      }
      if (event != null) {
        closeParents(event.state());
        addCounts(recount(event), newThisLevel);
        return stop(event, next);
      }
      closeParents(level.size - 1);
      long[] enabledThisLevel = new long[actionCount];
      long generatedThisLevel = 0;
      for (Worker worker : workers) {
        for (int a = 0; a < actionCount; a++) {
          enabledThisLevel[a] += worker.enabled(a);
        }
        generatedThisLevel += worker.generated();
      }
      generatedTotal += generatedThisLevel;
      addCounts(enabledThisLevel, newThisLevel);
      noteStoreSize();
      level = next;
      if (next.size > 0) {
        depth++;
      }
      progressIfDue();
    }
    CheckStats stats = stats(leftAtDepthLimit, depth);
    if (leftAtDepthLimit > 0) {
      return finish(new CheckResult.BoundReached<>(stats, CheckResult.Bound.MAX_DEPTH));
    }
    return finish(home == null ? new CheckResult.Passed<>(stats) : recover(stats));
  }

  /** With recoverability, records the next discovery number's fingerprint. */
  private void number(long fingerprint) {
    if (home == null) {
      return;
    }
    int n = (int) links.size() - 1;
    if (n == fingerprintsByNumber.length) {
      fingerprintsByNumber = Arrays.copyOf(fingerprintsByNumber, Math.max(1024, n + (n >> 1)));
    }
    fingerprintsByNumber[n] = fingerprint;
  }

  private boolean reachedMaxStates() {
    return options.maxStates() > 0 && links.size() >= options.maxStates();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Phase 1: check and expand the states of a level.

  private void expandLevel(int from, Mode mode) {
    int states = level.size - from;
    int chunkSize =
        Math.max(MIN_CHUNK, (states + workerCount * CHUNKS_PER_WORKER - 1) / (workerCount * CHUNKS_PER_WORKER));
    chunkCount = states == 0 ? 0 : (states + chunkSize - 1) / chunkSize;
    if (chunkEvent.length < chunkCount) {
      chunkWorker = new int[chunkCount];
      chunkFrom = new int[chunkCount];
      chunkTo = new int[chunkCount];
      chunkEvent = new Event[chunkCount];
    }
    Arrays.fill(chunkEvent, null);
    nextChunk.set(0);
    firstEventChunk.set(Integer.MAX_VALUE);
    for (Worker worker : workers) {
      worker.reset();
    }
    Level current = level;
    List<Runnable> tasks = new ArrayList<>(workerCount);
    for (Worker worker : workers) {
      tasks.add(() -> {
        for (int c = nextChunk.getAndIncrement(); c < chunkCount; c = nextChunk.getAndIncrement()) {
          chunkWorker[c] = worker.id;
          chunkFrom[c] = worker.candidates.size();
          // A chunk after one with an event can never be used: skip its work.
          if (c < firstEventChunk.get()) {
            int lo = from + c * chunkSize;
            int hi = Math.min(current.size, lo + chunkSize);
            expandChunk(worker, current, c, lo, hi, mode);
          }
          chunkTo[c] = worker.candidates.size();
        }
      });
    }
    runAll(tasks);
  }

  private void expandChunk(Worker worker, Level current, int chunk, int lo, int hi, Mode mode) {
    int serial = ++worker.chunkSerial;
    for (int i = lo; i < hi; i++) {
      Event event = processState(worker, current, i, mode, serial);
      if (event != null) {
        chunkEvent[chunk] = event;
        firstEventChunk.accumulateAndGet(chunk, Math::min);
        break;
      }
    }
    worker.statesDone.lazySet(worker.statesDone.get() + hi - lo);
    worker.generatedSoFar.lazySet(worker.generated());
  }

  @SuppressWarnings("unchecked")
  private Event processState(Worker worker, Level current, int i, Mode mode, int serial) {
    S state = stateAt(current, i, (Rebuilder) worker.rebuilder);
    int invariant = 0;
    int action = -1;
    String stage = "invariant";
    try {
      for (; invariant < invariants.size(); invariant++) {
        Verdict verdict = invariants.get(invariant).check(state);
        if (verdict != Verdict.HOLDS) {
          return new Event(EventKind.STATE_VIOLATION, i, -1, 0, invariant, detailsOf(verdict, "invariant"), 0, null, null);
        }
      }
      if (mode == Mode.CHECK_ONLY) {
        return null;
      }
      int number = (int) (current.start + i);
      if (home != null) {
        stage = "home";
        if (home.check(state).holds()) {
          worker.homes.add(number);
        }
      }
      stage = "withinBounds";
      if (!system.withinBounds(state)) {
        if (home != null) {
          worker.unjudged.add(number);
        }
        return null;
      }
      if (mode == Mode.CHECK_AT_DEPTH_LIMIT) {
        worker.withinBoundsAtLimit++;
        return null;
      }
      boolean anyEnabled = false;
      // A step that returns the very state it started from (a refused action, in most systems) is a
      // self-loop: its fingerprint is the state's own, stored with it, and the state is stored already.
      long ownFingerprint = current.fingerprints[i];
      boolean rebuildQueued = options.rebuildQueued();
      Candidates candidates = worker.candidates;
      long[] counters = worker.counters;
      int[] recentChunk = worker.recentChunk;
      TransitionSystem.Expansion<S, A, R> expansion = system.expand(state);
      long[] recentFingerprints = worker.recentFingerprints;
      for (action = 0; action < actionCount; action++) {
        A a = actions.get(action);
        stage = "next";
        List<Step<S, R>> steps = expansion.steps(a);
        int choices = steps.size();
        if (choices == 0) {
          continue;
        }
        anyEnabled = true;
        counters[Worker.ENABLED + action]++;
        for (int choice = 0; choice < choices; choice++) {
          Step<S, R> step = steps.get(choice);
          counters[Worker.GENERATED]++;
          S successor = step.successor();
          stage = "fingerprint";
          boolean selfLoop = successor == state;
          long fingerprint = selfLoop ? ownFingerprint : system.fingerprint(successor);
          stage = "step invariant";
          for (invariant = 0; invariant < stepInvariants.size(); invariant++) {
            Verdict verdict = stepInvariants.get(invariant).check(state, a, step.result(), successor);
            if (verdict != Verdict.HOLDS) {
              return new Event(
                  EventKind.STEP_VIOLATION, i, action, choice, invariant, detailsOf(verdict, "step invariant"),
                  fingerprint, null, null);
            }
          }
          if (home != null && fingerprint != ownFingerprint) {
            worker.edges.add(number, fingerprint);
          }
          if (!selfLoop && !seen.contains(fingerprint)) {
            int slot = (int) ((fingerprint ^ fingerprint >>> 32) * 0x9E3779B97F4A7C15L >>> 54);
            if (recentChunk[slot] != serial || recentFingerprints[slot] != fingerprint) {
              recentChunk[slot] = serial;
              recentFingerprints[slot] = fingerprint;
              candidates.add(fingerprint, i, action, choice, rebuildQueued ? null : successor);
            }
          }
        }
      }
      if (!anyEnabled && options.checkDeadlock()) {
        return new Event(EventKind.DEADLOCK, i, actionCount, 0, -1, List.of(), 0, null, null);
      }
      return null;
    } catch (RuntimeException thrown) {
      return new Event(EventKind.THREW, i, action, 0, invariant, List.of(), 0, describeStage(stage, invariant, action),
          thrown);
    }
  }

  private static List<String> detailsOf(Verdict verdict, String what) {
    if (verdict instanceof Verdict.Violated violated) {
      return violated.details();
    }
    throw new NullPointerException(what + " returned null instead of a verdict");
  }

  private String describeStage(String stage, int invariant, int action) {
    switch (stage) {
      case "invariant":
        return "invariant " + invariants.get(invariant).id();
      case "withinBounds":
        return "withinBounds";
      case "home":
        return "home " + home.id();
      case "next":
        return "next(" + system.label(actions.get(action)) + ")";
      case "fingerprint":
        return "fingerprint after " + system.label(actions.get(action));
      default:
        return "step invariant " + stepInvariants.get(invariant).id() + " on " + system.label(actions.get(action));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Phase 2: store the candidates' fingerprints, in candidate order, in parallel by segment.

  private void insertCandidates(int lastChunk) {
    int total = 0;
    for (int c = 0; c <= lastChunk; c++) {
      total += chunkTo[c] - chunkFrom[c];
    }
    int words = (total + 63) >>> 6;
    if (newBits.length != workerCount || newBits[0].length < words) {
      newBits = new long[workerCount][Math.max(words, 16)];
    }
    for (long[] bits : newBits) {
      Arrays.fill(bits, 0, words, 0L);
    }
    seen.resetGrowthRecord();
    List<Runnable> tasks = new ArrayList<>(workerCount);
    for (int w = 0; w < workerCount; w++) {
      int owner = w;
      long[] bits = newBits[w];
      tasks.add(() -> {
        int g = 0;
        for (int c = 0; c <= lastChunk; c++) {
          Candidates candidates = workers[chunkWorker[c]].candidates;
          long[] fingerprints = candidates.fingerprints;
          for (int k = chunkFrom[c]; k < chunkTo[c]; k++, g++) {
            long fingerprint = fingerprints[k];
            if ((workerCount == 1 || FingerprintSet.segmentOf(fingerprint) % workerCount == owner)
                && seen.add(fingerprint)) {
              bits[g >>> 6] |= 1L << g;
            }
          }
        }
      });
    }
    runAll(tasks);
    // Each worker marked only the candidates of its own segments: their union is the level's new states.
    long[] all = newBits[0];
    for (int w = 1; w < workerCount; w++) {
      for (int word = 0; word < words; word++) {
        all[word] |= newBits[w][word];
      }
    }
    newWords = words;
  }

  /** How many words of {@code newBits[0]} the last {@link #insertCandidates} used. */
  private int newWords;

  private boolean isNew(int g) {
    return (newBits[0][g >>> 6] & 1L << g) != 0;
  }

  private int countNew() {
    int count = 0;
    for (int word = 0; word < newWords; word++) {
      count += Long.bitCount(newBits[0][word]);
    }
    return count;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Phase 3 (sequential): number the new states, record their parent links, build the next level.

  private int closedUpTo;
  private int openChildren;

  /** Returns the maxStates event if the bound was reached, else null. */
  private Event assignDiscoveries(int lastChunk, Level next, long[] newThisLevel) {
    closedUpTo = 0;
    openChildren = 0;
    Event cut = null;
    int g = 0;
    for (int c = 0; c <= lastChunk; c++) {
      Candidates candidates = workers[chunkWorker[c]].candidates;
      for (int k = chunkFrom[c]; k < chunkTo[c]; k++, g++) {
        if (!isNew(g)) {
          continue;
        }
        if (cut != null) {
          // Found after the bound: these were never stored in the sequential order.
          seen.remove(candidates.fingerprints[k]);
          continue;
        }
        int parent = candidates.parents[k];
        int action = candidates.actions[k];
        closeParents(parent - 1);
        openChildren++;
        links.addDiscovered(action, candidates.choices[k]);
        number(candidates.fingerprints[k]);
        next.add(candidates.states[k], candidates.fingerprints[k]);
        newThisLevel[action]++;
        if (reachedMaxStates()) {
          cut = new Event(EventKind.MAX_STATES, parent, action, 0, -1, List.of(), 0, null, null);
        }
      }
    }
    for (Worker worker : workers) {
      worker.candidates.clear();
    }
    return cut;
  }

  /** Records the child counts of the level's states up to and including {@code last}. */
  private void closeParents(int last) {
    while (closedUpTo <= last) {
      links.closeParent(openChildren);
      openChildren = 0;
      closedUpTo++;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Stopping.

  /**
   * The level's coverage up to and including {@code event}, counted again in order: the workers' counters may
   * include chunks after it. Returns the per-action counts and adds the generated count to the total.
   */
  private long[] recount(Event event) {
    long[] enabled = new long[actionCount];
    Rebuilder rebuilder = new Rebuilder();
    for (int i = 0; i <= event.state(); i++) {
      int limit = i == event.state() ? event.actionsGenerated() : actionCount;
      if (limit == 0) {
        continue;
      }
      S state = stateAt(level, i, rebuilder);
      if (!system.withinBounds(state)) {
        continue;
      }
      for (int a = 0; a < limit; a++) {
        int steps = system.steps(state, actions.get(a)).size();
        if (steps > 0) {
          enabled[a]++;
          generatedTotal += steps;
        }
      }
    }
    recountSteps += rebuilder.steps;
    return enabled;
  }

  private void addCounts(long[] enabled, long[] newStates) {
    for (int a = 0; a < actionCount; a++) {
      enabledTotal[a] += enabled[a];
      newTotal[a] += newStates[a];
    }
  }

  /**
   * After maxStates was reached while expanding state {@code stoppedAt} of the level (or while storing initial
   * states, {@code next} null): checks every stored state not checked yet, then reports the bound or a violation.
   */
  private CheckResult<S, A, R> stopAtMaxStates(Level next, int stoppedAt) {
    long queue = queueAfter(stoppedAt, next);
    int storedDepth = storedDepth(next);
    noteStoreSize();
    for (Level unchecked : next == null ? List.of(level) : List.of(level, next)) {
      int from = unchecked == level ? stoppedAt + 1 : 0;
      Level saved = level;
      level = unchecked;
      expandLevel(from, Mode.CHECK_ONLY);
      int eventChunk = firstEventChunk.get();
      level = saved;
      if (eventChunk < chunkCount) {
        Event event = chunkEvent[eventChunk];
        CheckStats stats = stats(queue, storedDepth);
        return finish(resultFor(event, unchecked, stats));
      }
    }
    return finish(new CheckResult.BoundReached<>(stats(queue, storedDepth), CheckResult.Bound.MAX_STATES));
  }

  /** Ends the search at {@code event} in the current level; {@code next} holds the states stored before it. */
  private CheckResult<S, A, R> stop(Event event, Level next) {
    noteStoreSize();
    return finish(resultFor(event, level, stats(queueAfter(event.state(), next), storedDepth(next))));
  }

  /** The states still queued when the search stops at state {@code stoppedAt} of the level. */
  private long queueAfter(int stoppedAt, Level next) {
    return level.size - (stoppedAt + 1L) + (next == null ? 0 : next.size);
  }

  /** The depth of the deepest stored state. */
  private int storedDepth(Level next) {
    return next != null && next.size > 0 ? depth + 1 : depth;
  }

  private CheckResult<S, A, R> resultFor(Event event, Level where, CheckStats stats) {
    long index = where.start + event.state();
    Trace<S, A, R> trace = rebuild(index, where.fingerprints[event.state()]);
    switch (event.kind()) {
      case STATE_VIOLATION: {
        StateInvariant<S> invariant = invariants.get(event.invariant());
        return new CheckResult.Violated<>(stats, CheckResult.InvariantKind.STATE, invariant.id(), invariant.statement(),
            event.details(), trace);
      }
      case STEP_VIOLATION: {
        StepInvariant<S, A, R> invariant = stepInvariants.get(event.invariant());
        Trace<S, A, R> withStep = extend(trace, event.at(), event.choice(), event.postFingerprint());
        return new CheckResult.Violated<>(stats, CheckResult.InvariantKind.STEP, invariant.id(), invariant.statement(),
            event.details(), withStep);
      }
      case DEADLOCK:
        return new CheckResult.Deadlocked<>(stats, trace);
      case THREW:
        return new CheckResult.Threw<>(stats, trace, event.during(), event.exception());
      default:
        throw new IllegalStateException("no result for " + event.kind());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Recoverability, after a complete search.

  /** Runs the backward pass; the first state that cannot get home, if any, is reported with the steps it offers. */
  private CheckResult<S, A, R> recover(CheckStats stats) {
    long started = System.nanoTime();
    BackwardPass.Edges[] edges = new BackwardPass.Edges[workerCount];
    BackwardPass.Marks[] homes = new BackwardPass.Marks[workerCount];
    BackwardPass.Marks[] unjudged = new BackwardPass.Marks[workerCount];
    long transitions = 0;
    long homeStates = 0;
    long unexpanded = 0;
    for (int w = 0; w < workerCount; w++) {
      edges[w] = workers[w].edges;
      homes[w] = workers[w].homes;
      unjudged[w] = workers[w].unjudged;
      transitions += edges[w].size;
      homeStates += homes[w].size;
      unexpanded += unjudged[w].size;
    }
    int states = (int) links.size();
    BackwardPass.Outcome outcome = BackwardPass.run(fingerprintsByNumber, states, edges, homes, unjudged);
    CheckStats.Recovery recovery = new CheckStats.Recovery(transitions, homeStates, unexpanded, outcome.canGetHome(),
        Duration.ofNanos(System.nanoTime() - started), outcome.bytes());
    CheckStats withRecovery = stats.withRecovery(recovery);
    if (outcome.firstStuck() < 0) {
      return new CheckResult.Passed<>(withRecovery);
    }
    int stuck = (int) outcome.firstStuck();
    Trace<S, A, R> trace = rebuild(stuck, fingerprintsByNumber[stuck]);
    S state = trace.last();
    Verdict verdict = home.check(state);
    List<String> notHome = verdict.holds() ? List.of() : detailsOf(verdict, "home");
    return new CheckResult.Unrecoverable<>(withRecovery, home.id(), home.statement(), notHome, waysOut(state), trace);
  }

  /** Steps alike for {@link #waysOut}: same kind, same result, and both stay or both move. */
  private record Alike(String kind, String result, boolean stays) {}

  /** Every step enabled in {@code state}, grouped by kind, result and whether it changes the state, in action order. */
  private List<CheckResult.WayOut> waysOut(S state) {
    long own = system.fingerprint(state);
    Map<Alike, Set<String>> groups = new LinkedHashMap<>();
    for (A a : actions) {
      for (Step<S, R> step : system.steps(state, a)) {
        boolean stays = step.successor() == state || system.fingerprint(step.successor()) == own;
        // A step without a result (a section in the middle of a call, say) is said to have none.
        Alike alike = new Alike(system.kind(a), step.result() == null ? "no result yet" : step.result().toString(), stays);
        groups.computeIfAbsent(alike, k -> new LinkedHashSet<>()).add(system.label(a));
      }
    }
    List<CheckResult.WayOut> out = new ArrayList<>(groups.size());
    groups.forEach((alike, labels) ->
        out.add(new CheckResult.WayOut(alike.kind(), List.copyOf(labels), alike.result(), alike.stays())));
    return out;
  }

  /** State {@code i} of {@code where}: kept in the level, or rebuilt by {@code rebuilder}. */
  @SuppressWarnings("unchecked")
  private S stateAt(Level where, int i, Rebuilder rebuilder) {
    if (where.states != null) {
      return (S) where.states[i];
    }
    return rebuilder.state(where.start + i, where.depth, where.fingerprints[i]);
  }

  /**
   * Rebuilds queued states ({@link CheckOptions#rebuildQueued}) from the parent links: the path from an initial state,
   * re-run from the deepest state it shares with the path rebuilt last. A worker takes a chunk's states in discovery
   * order, and consecutive states are siblings or children of consecutive parents, so a state costs about one step;
   * the states held are one path's, whatever the length of the queue. One per thread.
   */
  final class Rebuilder {
    private long[] numbers = new long[32];
    private Object[] states = new Object[32];
    private int length;
    private long[] chain = new long[32];
    /** Steps re-run so far. */
    long steps;

    /** State {@code number}, {@code depth} steps from an initial state, whose fingerprint was recorded as given. */
    @SuppressWarnings("unchecked")
    S state(long number, int depth, long expectedFingerprint) {
      int m = depth + 1;
      if (numbers.length < m) {
        numbers = Arrays.copyOf(numbers, Math.max(m, 2 * numbers.length));
        states = Arrays.copyOf(states, numbers.length);
        chain = Arrays.copyOf(chain, numbers.length);
      }
      // Up the parent links until the path meets the last one rebuilt: chain[d] is the ancestor at depth d.
      int shared = 0;
      for (int d = depth; d >= 0; d--) {
        long at = d == depth ? number : links.parentOf(chain[d + 1]);
        if (d < length && numbers[d] == at) {
          shared = d + 1;
          break;
        }
        chain[d] = at;
      }
      if (shared == 0) {
        if (!links.isInitial(chain[0])) {
          throw new IllegalStateException("checker bug: state " + number + " is not " + depth + " steps from an"
              + " initial state");
        }
        numbers[0] = chain[0];
        states[0] = initialStates.get(links.initialPositionOf(chain[0]));
        shared = 1;
      }
      S state = (S) states[shared - 1];
      for (int d = shared; d < m; d++) {
        long at = chain[d];
        A a = actions.get(links.actionOf(at));
        Step<S, R> step = stepOf(state, a, links.choiceOf(at));
        if (step == null) {
          throw new IllegalStateException("checker bug or nondeterministic system: the step " + system.label(a)
              + " that discovered state " + at + " is not there when its queued state is rebuilt");
        }
        state = step.successor();
        steps++;
        numbers[d] = at;
        states[d] = state;
      }
      if (length > m) {
        Arrays.fill(states, m, length, null);
      }
      length = m;
      long fingerprint = system.fingerprint(state);
      if (fingerprint != expectedFingerprint) {
        throw new IllegalStateException("checker bug or nondeterministic system: queued state " + number
            + " rebuilds to fingerprint " + Long.toHexString(fingerprint) + ", recorded "
            + Long.toHexString(expectedFingerprint));
      }
      return state;
    }
  }

  /**
   * Rebuilds the path to state {@code index}: walks the parent links back to an initial state, then re-runs the
   * recorded actions forward (as stateright's path.rs and TLC's TLCTrace do, but without re-trying every action).
   */
  private Trace<S, A, R> rebuild(long index, long expectedFingerprint) {
    List<int[]> path = new ArrayList<>();
    long at = index;
    while (!links.isInitial(at)) {
      path.add(new int[] {links.actionOf(at), links.choiceOf(at)});
      at = links.parentOf(at);
    }
    Collections.reverse(path);
    S initial = initialStates.get(links.initialPositionOf(at));
    List<Trace.TraceStep<S, A, R>> steps = new ArrayList<>(path.size());
    S state = initial;
    for (int[] taken : path) {
      A a = actions.get(taken[0]);
      Step<S, R> step = stepOf(state, a, taken[1]);
      if (step == null) {
        throw new IllegalStateException("checker bug or nondeterministic system: step " + taken[1] + " of action "
            + system.label(a) + " recorded on the path to state " + index + " is not there when the path is re-run");
      }
      steps.add(new Trace.TraceStep<>(a, system.label(a), step.result(), step.successor()));
      state = step.successor();
    }
    long fingerprint = system.fingerprint(state);
    if (fingerprint != expectedFingerprint) {
      throw new IllegalStateException("checker bug or nondeterministic system: the re-run path to state " + index
          + " ends in fingerprint " + Long.toHexString(fingerprint) + ", recorded "
          + Long.toHexString(expectedFingerprint));
    }
    return new Trace<>(initial, steps);
  }

  /** Step {@code choice} of {@code a} from {@code state}, or null when there is none. */
  private Step<S, R> stepOf(S state, A a, int choice) {
    List<Step<S, R>> steps = system.steps(state, a);
    return choice < steps.size() ? steps.get(choice) : null;
  }

  private Trace<S, A, R> extend(Trace<S, A, R> trace, int action, int choice, long expectedFingerprint) {
    A a = actions.get(action);
    Step<S, R> step = stepOf(trace.last(), a, choice);
    if (step == null || system.fingerprint(step.successor()) != expectedFingerprint) {
      throw new IllegalStateException(
          "checker bug or nondeterministic system: the violating step " + system.label(a) + " does not re-run");
    }
    List<Trace.TraceStep<S, A, R>> steps = new ArrayList<>(trace.steps());
    steps.add(new Trace.TraceStep<>(a, system.label(a), step.result(), step.successor()));
    return new Trace<>(trace.initial(), steps);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Statistics and progress.

  /** How often, at most, a level's end asks for a collection to measure the heap the run needs. */
  private static final long COLLECT_EVERY_NANOS = 2_000_000_000L;
  private long lastCollectionNanos = System.nanoTime();

  private void noteStoreSize() {
    long bytes = seen.bytes() + links.bytes();
    long withGrowth = bytes + seen.largestGrowthSinceReset();
    // When little but the store lives long (queued states rebuilt) no old collection runs by itself, and the old
    // generation's figure would stay at its last: a collection every few seconds keeps it current, for a small
    // fraction of the run. The store is heap too, whatever the figure says.
    long now = System.nanoTime();
    if (now - lastCollectionNanos >= COLLECT_EVERY_NANOS) {
      HeapGauge.collect();
      lastCollectionNanos = System.nanoTime();
    }
    peakHeapBytes = Math.max(peakHeapBytes, Math.max(HeapGauge.liveBytes(), withGrowth));
    peakStoreBytes = Math.max(peakStoreBytes, withGrowth);
    long distinct = links.size();
    if (distinct >= RATIO_FROM_STATES) {
      worstBytesPerState = Math.max(worstBytesPerState, (double) withGrowth / distinct);
    }
  }

  private CheckStats stats(long queue, int storedDepth) {
    long elapsed = System.nanoTime() - startNanos;
    long distinct = links.size();
    long bytes = seen.bytes() + links.bytes();
    double ratio = worstBytesPerState > 0 ? worstBytesPerState : distinct == 0 ? 0 : (double) peakStoreBytes / distinct;
    List<CheckStats.ActionCoverage> coverage = new ArrayList<>(actionCount);
    Map<String, long[]> byKind = new LinkedHashMap<>();
    for (int a = 0; a < actionCount; a++) {
      A action = actions.get(a);
      String kind = system.kind(action);
      coverage.add(new CheckStats.ActionCoverage(a, system.label(action), kind, enabledTotal[a], newTotal[a]));
      long[] sums = byKind.computeIfAbsent(kind, k -> new long[2]);
      sums[0] += enabledTotal[a];
      sums[1] += newTotal[a];
    }
    List<CheckStats.KindCoverage> kinds = new ArrayList<>(byKind.size());
    byKind.forEach((kind, sums) -> kinds.add(new CheckStats.KindCoverage(kind, sums[0], sums[1])));
    if (seen.size() != distinct) {
      throw new IllegalStateException(
          "checker bug: " + seen.size() + " fingerprints stored for " + distinct + " distinct states");
    }
    // The estimate sorts the table in place, so it comes after everything else that needs it.
    CollisionEstimate collision = CollisionEstimate.of(distinct, generatedTotal, seen.drainMinimumGap());
    long rebuildSteps = recountSteps;
    for (Worker worker : workers) {
      rebuildSteps += worker.rebuilder == null ? 0 : worker.rebuilder.steps;
    }
    return new CheckStats(generatedTotal, distinct, storedDepth, queue, Duration.ofNanos(elapsed),
        distinct / Math.max(1e-9, elapsed / 1e9), bytes, Math.max(peakStoreBytes, bytes), ratio, peakHeapBytes,
        coverage, kinds, collision, Optional.empty(), rebuildSteps);
  }

  private CheckResult<S, A, R> finish(CheckResult<S, A, R> result) {
    CheckStats stats = result.stats();
    double seconds = Math.max(1e-9, stats.elapsed().toNanos() / 1e9);
    listener.progress(new Progress(stats.statesGenerated(), stats.distinctStates(), stats.queueSize(), stats.depth(),
        stats.elapsed(), stats.statesGenerated() / seconds, stats.distinctStates() / seconds, stats.peakHeapBytes(),
        true));
    return result;
  }

  private long progressNanos() {
    long nanos = options.progressInterval().toNanos();
    return nanos == 0 ? Long.MAX_VALUE / 4 : nanos;
  }

  private void progressIfDue() {
    long now = System.nanoTime();
    if (now - nextProgressNanos >= 0) {
      reportProgress(now);
    }
  }

  private void reportProgress(long now) {
    nextProgressNanos = now + progressNanos();
    long generated = generatedTotal;
    long statesDone = 0;
    for (Worker worker : workers) {
      generated += worker.generatedSoFar.get();
      statesDone += worker.statesDone.get();
    }
    long elapsed = now - startNanos;
    double seconds = Math.max(1e-9, elapsed / 1e9);
    long queue = Math.max(0, level.size - statesDone);
    listener.progress(new Progress(generated, links.size(), queue, depth, Duration.ofNanos(elapsed),
        generated / seconds, links.size() / seconds, peakHeapBytes, false));
  }

  /** Runs the tasks on the pool and waits for all of them, reporting progress while waiting. */
  private void runAll(List<Runnable> tasks) {
    List<Future<?>> futures = new ArrayList<>(tasks.size());
    for (Runnable task : tasks) {
      futures.add(pool.submit(task));
    }
    for (Future<?> future : futures) {
      while (true) {
        try {
          long wait = nextProgressNanos - System.nanoTime();
          if (wait <= 0) {
            reportProgress(System.nanoTime());
            continue;
          }
          future.get(wait, TimeUnit.NANOSECONDS);
          break;
        } catch (TimeoutException e) {
          reportProgress(System.nanoTime());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("model check interrupted", e);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(cause);
        }
      }
    }
  }
}
