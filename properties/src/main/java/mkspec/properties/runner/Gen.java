package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of values of type {@code T} that draws only from the {@link RandomSource} it is given.
 *
 * <p>Every combinator here maps the minimum of each draw to the simplest choice: the number closest to zero,
 * the first listed value or generator, the shortest list, the first edge case. The shrinker lowers draws, so
 * generators built from these shrink towards simple values for free.
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {

    /** How many times {@link #filter(Predicate)} tries before giving up. */
    int FILTER_ATTEMPTS = 100;

    /** Resolution of {@link #withEdgeCases}'s probability: it is rounded to a multiple of 1/EDGE_RESOLUTION. */
    int EDGE_RESOLUTION = 1000;

    /** Generates one value, drawing only from {@code source}. */
    T generate(RandomSource source);

    /** Always {@code value}; draws nothing. */
    static <T> Gen<T> constant(T value) {
        return source -> value;
    }

    /** Longs in {@code [min, max]}, shrinking towards the value of the range closest to zero. */
    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("longs: min " + min + " > max " + max);
        }
        return source -> TowardZero.draw(source, min, max);
    }

    /** Ints in {@code [min, max]}, shrinking towards the value of the range closest to zero. */
    static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("ints: min " + min + " > max " + max);
        }
        return source -> (int) TowardZero.draw(source, min, max);
    }

    /** {@code false} or {@code true}, shrinking towards {@code false}. */
    static Gen<Boolean> booleans() {
        return source -> source.draw(0, 1) == 1;
    }

    /** One of {@code values}, uniformly, shrinking towards the first. */
    static <T> Gen<T> oneOf(List<? extends T> values) {
        List<T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("oneOf: no values");
        }
        return source -> copy.get((int) source.draw(0, copy.size() - 1));
    }

    /** One of {@code values}, uniformly, shrinking towards the first. */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        // Copied element by element: handing the generic array on would defeat @SafeVarargs.
        List<T> list = new ArrayList<>();
        for (T value : values) {
            list.add(value);
        }
        return oneOf(list);
    }

    /** A value from one of {@code gens}, each chosen with equal probability, shrinking towards the first. */
    static <T> Gen<T> oneOfGens(List<? extends Gen<? extends T>> gens) {
        List<Weighted<? extends T>> weighted = new ArrayList<>();
        for (Gen<? extends T> gen : gens) {
            weighted.add(new Weighted<>(1, gen));
        }
        return frequency(weighted);
    }

    /** A value from one of {@code gens}, each chosen with equal probability, shrinking towards the first. */
    @SafeVarargs
    static <T> Gen<T> oneOfGens(Gen<? extends T>... gens) {
        // Copied element by element: handing the generic array on would defeat @SafeVarargs.
        List<Gen<? extends T>> list = new ArrayList<>();
        for (Gen<? extends T> gen : gens) {
            list.add(gen);
        }
        return oneOfGens(list);
    }

    /** A generator with its relative weight, for {@link #frequency(List)}. */
    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A value from one of {@code choices}, chosen in proportion to its weight, shrinking towards the first. */
    static <T> Gen<T> frequency(List<? extends Weighted<? extends T>> choices) {
        List<Weighted<? extends T>> copy = List.copyOf(choices);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("frequency: no choices");
        }
        long total = 0;
        for (Weighted<? extends T> choice : copy) {
            total = Math.addExact(total, choice.weight());
        }
        long lastTicket = total - 1;
        return source -> {
            long ticket = source.draw(0, lastTicket);
            for (Weighted<? extends T> choice : copy) {
                if (ticket < choice.weight()) {
                    return choice.gen().generate(source);
                }
                ticket -= choice.weight();
            }
            throw new AssertionError("ticket beyond total weight");
        };
    }

    /** A value from one of {@code choices}, chosen in proportion to its weight, shrinking towards the first. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        // Copied element by element: handing the generic array on would defeat @SafeVarargs.
        List<Weighted<? extends T>> list = new ArrayList<>();
        for (Weighted<? extends T> choice : choices) {
            list.add(choice);
        }
        return frequency(list);
    }

    /**
     * Lists of {@code minSize..maxSize} elements from {@code element}, shrinking towards the shortest.
     *
     * <p>The length is drawn first, then each element; a shorter length drops elements from the end.
     */
    static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        Objects.requireNonNull(element, "element");
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("listOf: sizes must satisfy 0 <= min <= max, got " + minSize + ", "
                    + maxSize);
        }
        return source -> {
            int size = (int) source.draw(minSize, maxSize);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(element.generate(source));
            }
            return List.copyOf(list);
        };
    }

    /** This generator's values passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return source -> f.apply(generate(source));
    }

    /** A generator chosen by this one's value, then run: for values that depend on earlier ones. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return source -> f.apply(generate(source)).generate(source);
    }

    /**
     * Only values that satisfy {@code keep}: retries up to {@link #FILTER_ATTEMPTS} times, then throws a
     * {@link GeneratorException} ("generator could not satisfy filter"), since a filter that rejects nearly
     * everything is a test-setup error better fixed by generating the wanted values directly.
     */
    default Gen<T> filter(Predicate<? super T> keep) {
        return source -> {
            for (int attempt = 0; attempt < FILTER_ATTEMPTS; attempt++) {
                T value = generate(source);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new GeneratorException("generator could not satisfy filter in " + FILTER_ATTEMPTS + " attempts");
        };
    }

    /**
     * This generator mixed with {@code edges}: with the given probability one of the edge values (uniformly),
     * otherwise a value of this generator. Shrinks towards the first edge value, so list the simplest first.
     *
     * @param probability chance of an edge value, in {@code [0, 1]}, rounded to 1/{@value #EDGE_RESOLUTION}
     * @param edges       the edge values, such as zero, one page, exactly the pool size
     */
    default Gen<T> withEdgeCases(double probability, List<? extends T> edges) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("withEdgeCases: probability must be in [0, 1], got " + probability);
        }
        List<T> copy = List.copyOf(edges);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("withEdgeCases: no edge values");
        }
        long edgeTickets = Math.round(probability * EDGE_RESOLUTION);
        return source -> {
            // Ticket 0 (the minimum) is an edge whenever edges can occur at all, so shrinking reaches them.
            if (source.draw(0, EDGE_RESOLUTION - 1) < edgeTickets) {
                return copy.get((int) source.draw(0, copy.size() - 1));
            }
            return generate(source);
        };
    }

    /**
     * A generator with its relative weight in {@link #frequency(List)}.
     *
     * @param weight how often it is chosen relative to the others, at least 1
     * @param gen    the generator
     * @param <T>    the type of generated values
     */
    record Weighted<T>(int weight, Gen<? extends T> gen) {

        /** Rejects weights below 1 and a missing generator. */
        public Weighted {
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be at least 1, got " + weight);
            }
            Objects.requireNonNull(gen, "gen");
        }
    }
}
