package mkspec.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public record Bounds(long pageSize, int cpus, long poolPages, long poolAddress, int instances, long instancePages,
                     List<List<Long>> segmentSets, boolean failPoints, boolean notifierFaults, int strayId,
                     boolean plainLoads) {

    /** Instance names of the catalog, in order. */
    public static final List<String> NAMES = List.of("web", "db", "cache", "batch", "queue", "edge", "ml", "log");

    public Bounds {
        segmentSets = List.copyOf(segmentSets);
        if (instances < 1 || instances > NAMES.size()) {
            throw new IllegalArgumentException("instances must be 1.." + NAMES.size());
        }
        if (instances >= cpus) {
            throw new IllegalArgumentException("each instance needs its own CPU besides CPU 0: cpus must exceed instances");
        }
    }

    /** The embedded defaults of {@code mkspec check}. */
    public static Bounds defaults() {
        return new Bounds(4096, 4, 16, 0x4000_0000L, 2, 4, List.of(List.of(1L), List.of(2L, 1L)), true, true, 3, true);
    }

    public Platform platform() {
        return Platform.of(pageSize, cpus, poolPages * pageSize, poolAddress, 0x10_0000L,
            Math.max(0x8000_0000L, poolAddress + poolPages * pageSize));
    }

    /** The bound keys and their current values, for help and reports. */
    public Map<String, String> asMap() {
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
        try {
            switch (key) {
                case "page-size":
                    return new Bounds(Long.decode(value), cpus, poolPages, poolAddress, instances, instancePages, segmentSets, failPoints, notifierFaults, strayId, plainLoads);
                case "cpus":
                    return new Bounds(pageSize, Integer.decode(value), poolPages, poolAddress, instances, instancePages, segmentSets, failPoints, notifierFaults, strayId, plainLoads);
                case "pool-pages":
                    return new Bounds(pageSize, cpus, Long.decode(value), poolAddress, instances, instancePages, segmentSets, failPoints, notifierFaults, strayId, plainLoads);
                case "pool-address":
                    return new Bounds(pageSize, cpus, poolPages, Long.decode(value), instances, instancePages, segmentSets, failPoints, notifierFaults, strayId, plainLoads);
                case "instances":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, Integer.decode(value), instancePages, segmentSets, failPoints, notifierFaults, strayId, plainLoads);
                case "instance-pages":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, instances, Long.decode(value), segmentSets, failPoints, notifierFaults, strayId, plainLoads);
                case "segments":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, instances, instancePages, parseSegments(value), failPoints, notifierFaults, strayId, plainLoads);
                case "fail-points":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, instances, instancePages, segmentSets, bool(value), notifierFaults, strayId, plainLoads);
                case "notifier-faults":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, instances, instancePages, segmentSets, failPoints, bool(value), strayId, plainLoads);
                case "stray-id":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, instances, instancePages, segmentSets, failPoints, notifierFaults, Integer.decode(value), plainLoads);
                case "plain-loads":
                    return new Bounds(pageSize, cpus, poolPages, poolAddress, instances, instancePages, segmentSets, failPoints, notifierFaults, strayId, bool(value));
                default:
                    throw new IllegalArgumentException("unknown bound '" + key + "' (known: " + String.join(", ", asMap().keySet()) + ")");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bound " + key + ": '" + value + "' is not a number");
        }
    }

    private static boolean bool(String v) {
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
