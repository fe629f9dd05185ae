package mkspec.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mkspec.spec.action.Next;
import mkspec.spec.model.Platform;

/**
 * The finite model the checker explores: the machine, the catalog of instances a user may
 * upload, the images a user may load, and which failures may be injected. Like a TLC model
 * configuration, it is apart from the specification; {@code --bound k=v} edits it.
 *
 * @param pageSize PAGE_SIZE
 * @param cpus nr_cpu_ids
 * @param poolPages pages of the multikernel pool
 * @param poolAddress where the pool starts
 * @param instances how many catalog instances (named web, db, cache, ... with ids 1, 2, 3, ... and CPUs 1, 2, 3, ...)
 * @param instancePages each catalog instance's memory, in pages
 * @param segmentSets the images a load may ask for: lists of segment sizes in pages
 * @param failPoints whether loads may fail at each injection point
 * @param notifierFaults whether exec may hit the notifier faults
 * @param strayId an id no instance has (0 for none), to cover -ENOENT
 * @param plainLoads whether plain kexec loads happen
 * @param edgeCases whether the edge-case uploads join the catalog: an instance sharing web's id, one
 *     without memory-bytes, one whose DTB nearly fills a page, one with a two-byte id, and the
 *     catalog written in 64-byte chunks (they need four more CPUs)
 * @param threads user threads, each running one call at a time (1: every call runs alone, as a step of the spec
 *     does; more: the reference's calls interleave at their lock boundaries)
 */
public record Bounds(long pageSize, int cpus, long poolPages, long poolAddress, int instances, long instancePages,
                     List<List<Long>> segmentSets, boolean failPoints, boolean notifierFaults, int strayId,
                     boolean plainLoads, boolean edgeCases, int threads) {

    /** The most user threads the checker models. */
    public static final int MAX_THREADS = 3;

    /** CPUs the edge-case instances take after the catalog's. */
    public static final int EDGE_CPUS = 4;

    /** The largest pool the checker models, in pages. */
    public static final long MAX_POOL_PAGES = 1 << 20;

    /** The highest pool address: the pool and RAM stay below 2^46 bytes, as x86-64's physical address space does. */
    public static final long MAX_POOL_ADDRESS = (1L << 46) - 1;

    /** Instance names of the catalog, in order. */
    public static final List<String> NAMES = List.of("web", "db", "cache", "batch", "queue", "edge", "ml", "log");

    public Bounds {
        segmentSets = List.copyOf(segmentSets);
        if (pageSize < 4096 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page-size must be a power of two from 4096 to 65536, was " + pageSize);
        }
        if (poolPages < 1 || poolPages > MAX_POOL_PAGES) {
            throw new IllegalArgumentException("pool-pages must be 1 to " + MAX_POOL_PAGES + ", was " + poolPages);
        }
        if (poolAddress < 0 || poolAddress % pageSize != 0 || poolAddress > MAX_POOL_ADDRESS) {
            throw new IllegalArgumentException("pool-address must be a multiple of page-size (0x" + Long.toHexString(pageSize)
                + ") from 0 to 0x" + Long.toHexString(MAX_POOL_ADDRESS) + ", was 0x" + Long.toHexString(poolAddress));
        }
        if (instancePages < 1 || instancePages > poolPages) {
            throw new IllegalArgumentException("instance-pages must be 1 to pool-pages (" + poolPages + "), was "
                + instancePages);
        }
        if (instances < 1 || instances > NAMES.size()) {
            throw new IllegalArgumentException("instances must be 1 to " + NAMES.size() + ", was " + instances);
        }
        if (strayId != 0 && (strayId <= instances || strayId > Next.MK_ID_MAX)) {
            throw new IllegalArgumentException("stray-id must be 0 (none) or an id no catalog instance has, "
                + (instances + 1) + " to " + Next.MK_ID_MAX + ", was " + strayId);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1 to " + MAX_THREADS + ", was " + threads);
        }
        if (segmentSets.isEmpty()) {
            throw new IllegalArgumentException("segments must name at least one image");
        }
        if (instances + (edgeCases ? EDGE_CPUS : 0) >= cpus) {
            throw new IllegalArgumentException("each instance needs its own CPU besides CPU 0: cpus must exceed "
                + (instances + (edgeCases ? EDGE_CPUS : 0)) + (edgeCases ? " (the edge-case instances take "
                + EDGE_CPUS + "; --bound edge-cases=false leaves them out)" : "") + ", was " + cpus);
        }
    }

    /** The embedded defaults of {@code mkspec check}. */
    public static Bounds defaults() {
        return new Bounds(4096, 7, 16, 0x4000_0000L, 2, 4, List.of(List.of(1L), List.of(2L, 1L), List.of(6L)), true, true,
            9, true, true, 1);
    }

    public Platform platform() {
        return Platform.of(pageSize, cpus, poolPages * pageSize, poolAddress, 0x10_0000L,
            Math.max(0x8000_0000L, poolAddress + poolPages * pageSize));
    }

    /** What each bound means and the values it takes, in {@link #asMap()}'s order. */
    public static final Map<String, String> MEANINGS = meanings();

    private static Map<String, String> meanings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("page-size", "PAGE_SIZE in bytes: a power of two from 4096 to 65536");
        m.put("cpus", "nr_cpu_ids: more than the catalog's instances (plus " + EDGE_CPUS + " with edge-cases)");
        m.put("pool-pages", "pages of the multikernel pool: 1 to " + MAX_POOL_PAGES);
        m.put("pool-address", "where the pool starts: a multiple of page-size, below 2^46");
        m.put("instances", "catalog instances web, db, cache, ... with ids and CPUs 1, 2, 3, ...: 1 to " + NAMES.size());
        m.put("instance-pages", "each catalog instance's memory in pages: 1 to pool-pages");
        m.put("segments", "the images a load may ask for, page counts: comma-separated images of +-joined segments, e.g. 1,2+1");
        m.put("fail-points", "whether loads may fail at each injection point: true or false");
        m.put("notifier-faults", "whether exec may hit the notifier faults: true or false");
        m.put("stray-id", "an id no instance has, to reach ENOENT: 0 (none) or above instances, up to 2047");
        m.put("plain-loads", "whether plain kexec loads happen: true or false");
        m.put("edge-cases", "whether the edge-case uploads join the catalog: true or false");
        m.put("threads", "user threads whose calls interleave at the kernel's lock boundaries: 1 (every call alone) to "
            + MAX_THREADS + "; the reference only");
        return m;
    }

    /**
     * The bound keys and their current values, for reports: {@code threads} only when it is not 1, so that a run of
     * lone calls reads as it always did.
     */
    public Map<String, String> asMap() {
        Map<String, String> m = allValues();
        if (threads == 1) {
            m.remove("threads");
        }
        return m;
    }

    /** Every bound key, as {@link #MEANINGS} lists them, with its current value: what --list-bounds prints. */
    public Map<String, String> allValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("page-size", Long.toString(pageSize));
        m.put("cpus", Integer.toString(cpus));
        m.put("pool-pages", Long.toString(poolPages));
        m.put("pool-address", "0x" + Long.toHexString(poolAddress));
        m.put("instances", Integer.toString(instances));
        m.put("instance-pages", Long.toString(instancePages));
        m.put("segments", segmentsText());
        m.put("fail-points", Boolean.toString(failPoints));
        m.put("notifier-faults", Boolean.toString(notifierFaults));
        m.put("stray-id", Integer.toString(strayId));
        m.put("plain-loads", Boolean.toString(plainLoads));
        m.put("edge-cases", Boolean.toString(edgeCases));
        m.put("threads", Integer.toString(threads));
        return m;
    }

    private String segmentsText() {
        List<String> sets = new ArrayList<>();
        for (List<Long> set : segmentSets) {
            List<String> s = new ArrayList<>();
            for (long n : set) {
                s.add(Long.toString(n));
            }
            sets.add(String.join("+", s));
        }
        return String.join(",", sets);
    }

    /**
     * These bounds with {@code key=value} applied; keys as {@link #asMap()} lists them, sizes in
     * pages, {@code segments} as comma-separated images of {@code +}-joined page counts
     * (e.g. {@code 1,2+1}).
     *
     * @throws IllegalArgumentException with a one-line message for an unknown key or a bad value
     */
    public Bounds with(String key, String value) {
        List<String[]> one = new java.util.ArrayList<>();
        one.add(new String[] {key, value});
        return with(one);
    }

    /**
     * These bounds with every {@code {key, value}} applied in order and checked together, so that
     * related bounds (instances and CPUs) can be changed in any order.
     */
    public Bounds with(List<String[]> assignments) {
        long pg = pageSize;
        int c = cpus;
        long pp = poolPages;
        long pa = poolAddress;
        int in = instances;
        long ip = instancePages;
        List<List<Long>> seg = segmentSets;
        boolean fp = failPoints;
        boolean nf = notifierFaults;
        int st = strayId;
        boolean pl = plainLoads;
        boolean ec = edgeCases;
        int th = threads;
        for (String[] kv : assignments) {
            String key = kv[0];
            String value = kv[1];
            try {
                switch (key) {
                    case "page-size": pg = Long.decode(value); break;
                    case "cpus": c = Integer.decode(value); break;
                    case "pool-pages": pp = Long.decode(value); break;
                    case "pool-address": pa = Long.decode(value); break;
                    case "instances": in = Integer.decode(value); break;
                    case "instance-pages": ip = Long.decode(value); break;
                    case "segments": seg = parseSegments(value); break;
                    case "fail-points": fp = bool(value); break;
                    case "notifier-faults": nf = bool(value); break;
                    case "stray-id": st = Integer.decode(value); break;
                    case "plain-loads": pl = bool(value); break;
                    case "edge-cases": ec = bool(value); break;
                    case "threads": th = Integer.decode(value); break;
                    default:
                        throw new IllegalArgumentException("unknown bound '" + key + "' (known: " + String.join(", ", MEANINGS.keySet()) + ")");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bound " + key + ": '" + value + "' is not a number");
            }
        }
        return new Bounds(pg, c, pp, pa, in, ip, seg, fp, nf, st, pl, ec, th);
    }

    /** A boolean bound's value: true, yes or 1; false, no or 0. */
    public static boolean bool(String v) {
        if (v.equals("true") || v.equals("yes") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("'" + v + "' is not true or false");
    }

    private static List<List<Long>> parseSegments(String v) {
        List<List<Long>> out = new ArrayList<>();
        for (String set : v.split(",")) {
            List<Long> s = new ArrayList<>();
            for (String n : set.split("\\+")) {
                long pages = Long.decode(n.trim());
                if (pages <= 0) {
                    throw new IllegalArgumentException("segments: a segment needs at least one page");
                }
                s.add(pages);
            }
            out.add(s);
        }
        return out;
    }
}
