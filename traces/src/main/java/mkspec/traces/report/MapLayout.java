package mkspec.traces.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;

/**
 * Where each region of a memory map goes in a picture or table: inside the band (the range drawn to scale: the
 * pool, or System RAM) or in host RAM outside it, in which tier, in
 * which lane, and which regions it overlaps.
 *
 * <p>Regions come in two tiers that are meant to overlap each other: the <em>memory</em> tier says whose memory
 * it is (free pool, an instance's, leaked pool pages, host RAM an image took) and the <em>images</em> tier says what
 * an image placed there (segments, control pages, leaked allocations, handover pages). A segment inside its
 * instance's memory is the normal case, so only overlaps within one tier are defects worth marking; those get
 * separate lanes so both regions stay visible.
 */
final class MapLayout {

    /** Which layer of the picture a region belongs to. */
    enum Tier {
        /** Whose memory it is. */
        MEMORY,
        /** What a multikernel image placed there. */
        IMAGES
    }

    /**
     * A region, or the part of it drawn in one band.
     *
     * @param index the region's index in the map
     * @param region the region
     * @param start the first byte drawn
     * @param end one past the last byte drawn (equal to start for an empty region)
     * @param lane the lane within its tier, from 0
     */
    record Piece(int index, Region region, long start, long end, int lane) {
        Piece withLane(int newLane) {
            return new Piece(index, region, start, end, newLane);
        }
    }

    /**
     * Regions of host RAM that touch or overlap one another, drawn as one box.
     *
     * @param start the lowest first byte
     * @param end one past the highest last byte
     * @param indexes the regions in it, by index in the map
     */
    record Island(long start, long end, List<Integer> indexes) {
    }

    private MapLayout() {
    }

    /** The tier {@code kind} is drawn in. */
    static Tier tier(RegionKind kind) {
        return switch (kind) {
            case POOL_FREE, INSTANCE, POOL_LEAKED, HOST_TAKEN, INSTANCE_POOL, HOST_LEAKED -> Tier.MEMORY;
            case SEGMENT, CONTROL_PAGE, ALLOCATION_LEAKED, HANDOVER_PAGE, PLAIN_SEGMENT, MANIFEST, IPI_RING, CRASH_SEGMENT ->
                    Tier.IMAGES;
        };
    }

    /** Checks that every region has a non-negative start and size; a model that breaks this is a programming error. */
    static void requireValid(MemoryMap map) {
        if (map.bandStart() < 0 || map.bandSize() < 0) {
            throw new IllegalArgumentException("memory map has a negative band start or size: " + map);
        }
        for (int i = 0; i < map.regions().size(); i++) {
            Region r = map.regions().get(i);
            if (r.start() < 0 || r.size() < 0) {
                throw new IllegalArgumentException("region " + i + " has a negative start or size: " + r);
            }
        }
    }

    /** One past the region's last byte, held at {@link Long#MAX_VALUE} rather than wrapping. */
    static long end(Region region) {
        return saturatedEnd(region.start(), region.size());
    }

    /** One past the band's last byte. */
    static long bandEnd(MemoryMap map) {
        return saturatedEnd(map.bandStart(), map.bandSize());
    }

    private static long saturatedEnd(long start, long size) {
        return size > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + size;
    }

    /** Whether some of the region lies in the band (an empty region: whether its address does). */
    static boolean touchesBand(MemoryMap map, Region region) {
        long bandEnd = bandEnd(map);
        if (region.size() == 0) {
            return region.start() >= map.bandStart() && region.start() < bandEnd;
        }
        return region.start() < bandEnd && end(region) > map.bandStart();
    }

    /** Whether some of the region lies outside the band. */
    static boolean leavesBand(MemoryMap map, Region region) {
        if (region.size() == 0) {
            return !touchesBand(map, region);
        }
        return region.start() < map.bandStart() || end(region) > bandEnd(map);
    }

    /** The band parts of the regions of {@code tier} that touch the band, clipped to it, in lanes. */
    static List<Piece> bandPieces(MemoryMap map, Tier tier) {
        List<Piece> pieces = new ArrayList<>();
        long bandEnd = bandEnd(map);
        for (int i = 0; i < map.regions().size(); i++) {
            Region r = map.regions().get(i);
            if (tier(r.kind()) == tier && touchesBand(map, r)) {
                long start = Math.max(r.start(), map.bandStart());
                pieces.add(new Piece(i, r, start, Math.max(start, Math.min(end(r), bandEnd)), 0));
            }
        }
        return inLanes(pieces);
    }

    /** The regions of {@code tier} among {@code indexes}, whole, in lanes. */
    static List<Piece> wholePieces(MemoryMap map, List<Integer> indexes, Tier tier) {
        List<Piece> pieces = new ArrayList<>();
        for (int i : indexes) {
            Region r = map.regions().get(i);
            if (tier(r.kind()) == tier) {
                pieces.add(new Piece(i, r, r.start(), end(r), 0));
            }
        }
        return inLanes(pieces);
    }

    /**
     * Gives each piece the lowest lane whose pieces all end at or before it starts (greedy interval colouring,
     * which uses as few lanes as the most pieces over one byte). Pieces are taken by start, longest first.
     */
    static List<Piece> inLanes(List<Piece> pieces) {
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(Piece::start)
                .thenComparing(Comparator.comparingLong(Piece::end).reversed())
                .thenComparingInt(Piece::index));
        List<Long> laneEnds = new ArrayList<>();
        List<Piece> placed = new ArrayList<>(sorted.size());
        for (Piece p : sorted) {
            int lane = 0;
            while (lane < laneEnds.size() && laneEnds.get(lane) > p.start()) {
                lane++;
            }
            if (lane == laneEnds.size()) {
                laneEnds.add(p.end());
            } else {
                laneEnds.set(lane, p.end());
            }
            placed.add(p.withLane(lane));
        }
        return placed;
    }

    /** How many lanes {@code pieces} use. */
    static int laneCount(List<Piece> pieces) {
        int lanes = 0;
        for (Piece p : pieces) {
            lanes = Math.max(lanes, p.lane() + 1);
        }
        return lanes;
    }

    /** The byte ranges that two or more of {@code pieces} cover, merged, as {start, end} pairs. */
    static List<long[]> overlaps(List<Piece> pieces) {
        TreeMap<Long, Integer> delta = new TreeMap<>();
        for (Piece p : pieces) {
            if (p.end() > p.start()) {
                delta.merge(p.start(), 1, Integer::sum);
                delta.merge(p.end(), -1, Integer::sum);
            }
        }
        List<long[]> ranges = new ArrayList<>();
        int depth = 0;
        Long openedAt = null;
        for (var e : delta.entrySet()) {
            depth += e.getValue();
            if (depth >= 2 && openedAt == null) {
                openedAt = e.getKey();
            } else if (depth < 2 && openedAt != null) {
                ranges.add(new long[] {openedAt, e.getKey()});
                openedAt = null;
            }
        }
        return ranges;
    }

    /** For each region, the indexes of the regions of its own tier that share a byte with it, ascending. */
    static List<List<Integer>> overlapPartners(MemoryMap map) {
        List<Region> regions = map.regions();
        List<List<Integer>> partners = new ArrayList<>(regions.size());
        for (int i = 0; i < regions.size(); i++) {
            Region a = regions.get(i);
            List<Integer> mine = new ArrayList<>();
            for (int j = 0; j < regions.size(); j++) {
                Region b = regions.get(j);
                if (i != j && tier(a.kind()) == tier(b.kind())
                        && Math.max(a.start(), b.start()) < Math.min(end(a), end(b))) {
                    mine.add(j);
                }
            }
            partners.add(List.copyOf(mine));
        }
        return partners;
    }

    /** The regions with a part outside the band, grouped into islands of touching regions, by address. */
    static List<Island> islands(MemoryMap map) {
        List<Integer> outside = new ArrayList<>();
        for (int i = 0; i < map.regions().size(); i++) {
            if (leavesBand(map, map.regions().get(i))) {
                outside.add(i);
            }
        }
        outside.sort(Comparator.<Integer>comparingLong(i -> map.regions().get(i).start()).thenComparingInt(i -> i));
        List<Island> islands = new ArrayList<>();
        long start = 0;
        long end = 0;
        List<Integer> members = new ArrayList<>();
        for (int i : outside) {
            Region r = map.regions().get(i);
            if (!members.isEmpty() && r.start() > end) {
                islands.add(new Island(start, end, List.copyOf(members)));
                members.clear();
            }
            if (members.isEmpty()) {
                start = r.start();
                end = end(r);
            } else {
                end = Math.max(end, end(r));
            }
            members.add(i);
        }
        if (!members.isEmpty()) {
            islands.add(new Island(start, end, List.copyOf(members)));
        }
        return islands;
    }
}
