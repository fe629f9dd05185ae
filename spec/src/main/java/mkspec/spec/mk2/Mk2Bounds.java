package mkspec.spec.mk2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mkspec.spec.mk2.model.Mk2Platform;
import mkspec.spec.model.Range;

/**
 * The finite mk2 model the checker explores (a TLC model configuration): the machine, the catalogue's instances,
 * and which edge cases and failures join it. {@code --bound k=v} edits it.
 *
 * @param instances catalogue instances web, db, cache with ids 1, 2, 3 and CPUs 1, 2, 3
 * @param poolPages the baseline's one {@code memory@} node, in pages
 * @param instancePages each catalogue instance's {@code memory-bytes}, in pages
 * @param ramPages the host's System RAM, in pages: the pool grows from it, kexec's buddy pages come from it
 * @param maxTx the transactions a run may make: states past tx {@code maxTx + 1} are not expanded (ids never repeat)
 * @param failPoints whether loads of web fail at each injection point
 * @param edgeCases whether the edge cases join: a baseline naming CPU 0, one overlay creating two instances, an
 *     instance whose CPUs are written as u32 cells, one with id 2049, memory-remove and memory-add overlays, and a
 *     crash load
 * @param threads user threads, each running one call at a time (1: every call runs alone, as a step of the spec
 *     does); with 2 or 3 the calls that race stop at the kernel's lock boundaries and interleave
 */
public record Mk2Bounds(int instances, long poolPages, long instancePages, int ramPages, int maxTx, boolean failPoints,
                        boolean edgeCases, int threads) {

    /** Instance names of the catalogue, in order. */
    public static final List<String> NAMES = List.of("web", "db", "cache");

    /** PAGE_SIZE of the model. */
    public static final long PAGE_SIZE = 4096;

    public Mk2Bounds {
        if (instances < 1 || instances > NAMES.size()) {
            throw new IllegalArgumentException("instances must be 1 to " + NAMES.size() + ", was " + instances);
        }
        if (instancePages < 1 || instancePages * instances > poolPages) {
            throw new IllegalArgumentException("instance-pages must be 1 to pool-pages / instances ("
                + poolPages / instances + "), was " + instancePages);
        }
        if (poolPages < 1 || poolPages > 1024) {
            throw new IllegalArgumentException("pool-pages must be 1 to 1024, was " + poolPages);
        }
        if (ramPages < poolPages + 8 || ramPages > 4096) {
            throw new IllegalArgumentException("ram-pages must be pool-pages + 8 (" + (poolPages + 8)
                + ") to 4096, was " + ramPages);
        }
        if (maxTx < 1 || maxTx > 64) {
            throw new IllegalArgumentException("max-tx must be 1 to 64, was " + maxTx);
        }
        if (threads < 1 || threads > mkspec.spec.Bounds.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1 to " + mkspec.spec.Bounds.MAX_THREADS + ", was "
                + threads);
        }
    }

    /** The embedded defaults of {@code mkspec check --kernel mk2}. */
    public static Mk2Bounds defaults() {
        return new Mk2Bounds(2, 6, 2, 32, 4, true, true, 1);
    }

    /**
     * Whether the checker expands {@code s}: transaction ids never repeat and halted messages can queue up without
     * end (exec, halt, exec, halt, ... before the work runs), so both are bounded; states past a bound are still
     * checked.
     */
    public boolean within(mkspec.spec.mk2.model.Mk2State s) {
        return s.nextTx() <= maxTx + 1 && s.pendingHalted().size() <= 1;
    }

    /** nr_cpu_ids: CPU 0 (the host's boot CPU), one per instance, and two spare CPUs for the edge cases. */
    public int cpus() {
        return instances + 3;
    }

    /** System RAM starts at page frame 0x100 (1 MiB) in the model. */
    public static final long RAM_FIRST_PFN = 0x100;

    public Mk2Platform platform() {
        return new Mk2Platform(PAGE_SIZE, cpus(), new Range(RAM_FIRST_PFN, ramPages), 4);
    }

    /** What each bound means and the values it takes. */
    public static final Map<String, String> MEANINGS = meanings();

    private static Map<String, String> meanings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("instances", "catalogue instances web, db, cache with ids and CPUs 1, 2, 3: 1 to " + NAMES.size());
        m.put("pool-pages", "the baseline's memory in pages: 1 to 1024, at least instances x instance-pages");
        m.put("instance-pages", "each instance's memory-bytes in pages: 1 to pool-pages / instances");
        m.put("ram-pages", "the host's System RAM in pages: pool-pages + 8 to 4096");
        m.put("max-tx", "how many overlay transactions a run may make: 1 to 64");
        m.put("fail-points", "whether web's loads fail at each injection point: true or false");
        m.put("edge-cases", "whether the edge cases join the catalogue: true or false");
        m.put("threads", "user threads whose calls interleave at the kernel's lock boundaries: 1 (every call alone) to "
            + mkspec.spec.Bounds.MAX_THREADS);
        return m;
    }

    /**
     * The bound keys and their current values: {@code threads} only when it is not 1, so that a sequential run's
     * header and traces read as they always did.
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("instances", Integer.toString(instances));
        m.put("pool-pages", Long.toString(poolPages));
        m.put("instance-pages", Long.toString(instancePages));
        m.put("ram-pages", Integer.toString(ramPages));
        m.put("max-tx", Integer.toString(maxTx));
        m.put("fail-points", Boolean.toString(failPoints));
        m.put("edge-cases", Boolean.toString(edgeCases));
        if (threads != 1) {
            m.put("threads", Integer.toString(threads));
        }
        return m;
    }

    /** Every bound key and its value, {@code threads} included: what {@code --list-bounds} prints. */
    public Map<String, String> listed() {
        Map<String, String> m = asMap();
        m.put("threads", Integer.toString(threads));
        return m;
    }

    /**
     * These bounds with every {@code {key, value}} applied in order and checked together.
     *
     * @throws IllegalArgumentException with a one-line message for an unknown key or a bad value
     */
    public Mk2Bounds with(List<String[]> assignments) {
        int in = instances;
        long pp = poolPages;
        long ip = instancePages;
        int rp = ramPages;
        int mt = maxTx;
        boolean fp = failPoints;
        boolean ec = edgeCases;
        int th = threads;
        for (String[] kv : assignments) {
            String v = kv[1];
            try {
                switch (kv[0]) {
                    case "instances": in = Integer.decode(v); break;
                    case "pool-pages": pp = Long.decode(v); break;
                    case "instance-pages": ip = Long.decode(v); break;
                    case "ram-pages": rp = Integer.decode(v); break;
                    case "max-tx": mt = Integer.decode(v); break;
                    case "fail-points": fp = mkspec.spec.Bounds.bool(v); break;
                    case "edge-cases": ec = mkspec.spec.Bounds.bool(v); break;
                    case "threads": th = Integer.decode(v); break;
                    default:
                        throw new IllegalArgumentException("unknown bound '" + kv[0] + "' (known for mk2: "
                            + String.join(", ", MEANINGS.keySet()) + ")");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bound " + kv[0] + ": '" + v + "' is not a number");
            }
        }
        return new Mk2Bounds(in, pp, ip, rp, mt, fp, ec, th);
    }
}
