package mkspec.traces.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import mkspec.traces.report.MapLayout.Island;
import mkspec.traces.report.MapLayout.Piece;
import mkspec.traces.report.MapLayout.Tier;
import mkspec.traces.report.ReportModel.MemoryMap;
import mkspec.traces.report.ReportModel.Region;
import mkspec.traces.report.ReportModel.RegionKind;

/**
 * Draws a {@link MemoryMap} as one self-contained SVG element: the band (RFC v2's pool, mk2's System RAM) to scale,
 * host RAM outside it as
 * boxes in address order with the gaps cut out, and a legend.
 *
 * <p>The band has two tiers, as {@link MapLayout} explains: whose pages they are, and what images placed in
 * them. Regions that overlap within a tier go to separate lanes and the overlap is hatched in red, because an
 * overlap is usually the defect the report is about. Every region is one {@code rect} carrying
 * {@code data-region="i"} (its index in the map) and a {@code <title>} tooltip with its exact range, so nothing is
 * lost when a region is too small for its label; a region that straddles the band's edge is drawn in both.
 */
public final class MemoryMapSvg {

    /** The SVG namespace: the one address a report contains, and only as a name. */
    public static final String SVG_NAMESPACE = "http" + "://www.w3.org/2000/svg";

    private static final Pattern ID_PREFIX = Pattern.compile("[a-z][a-z0-9-]*");

    private static final double WIDTH = 960;
    private static final double LEFT = 72;
    private static final double RIGHT = WIDTH - 16;
    private static final double BAND = RIGHT - LEFT;
    private static final double MIN_REGION_WIDTH = 8;
    private static final double LABEL_CHAR = 6.6;
    private static final double MONO_CHAR = 6.1;
    private static final double MIN_BOX = 118;
    private static final double MAX_BOX = 260;
    private static final double BOX_GAP = 36;
    private static final int PAGE_GRID_MAX_PAGES = 512;
    private static final String FONT =
            "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
    private static final String MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

    private final MemoryMap map;
    private final List<ReportFacts.Mark> marks;
    private final String prefix;
    private final StringBuilder out = new StringBuilder(4096);
    private final Set<RegionKind> kindsDrawn = EnumSet.noneOf(RegionKind.class);
    private boolean overlapDrawn;
    private boolean markDrawn;
    private double y;

    private MemoryMapSvg(MemoryMap map, List<ReportFacts.Mark> marks, String prefix) {
        this.map = map;
        this.marks = List.copyOf(marks);
        this.prefix = prefix;
    }

    /**
     * The SVG of {@code map}, as one {@code <svg>} element with the SVG namespace declared, so it can be inlined in
     * HTML or parsed as XML on its own.
     *
     * @param map the memory map
     * @param idPrefix prefix for the element ids inside (patterns), unique per document ({@code [a-z][a-z0-9-]*})
     * @throws IllegalArgumentException if a region or the pool has a negative start or size, or the prefix is bad
     */
    public static String render(MemoryMap map, String idPrefix) {
        return render(map, List.of(), idPrefix);
    }

    /**
     * The SVG of {@code map} with the ranges a broken invariant names outlined in red and labelled with its id, so the
     * picture shows where the defect is.
     */
    static String render(MemoryMap map, List<ReportFacts.Mark> marks, String idPrefix) {
        if (!ID_PREFIX.matcher(idPrefix).matches()) {
            throw new IllegalArgumentException("id prefix must match " + ID_PREFIX + ": " + idPrefix);
        }
        MapLayout.requireValid(map);
        MemoryMapSvg svg = new MemoryMapSvg(map, marks, idPrefix);
        String body = svg.body();
        return svg.wrap(body);
    }

    /** The colours a region kind is drawn in, shared with the HTML legend and tables. */
    record Style(String fill, String text, String label, String tag) {
    }

    /** How {@code kind} looks. */
    static Style style(RegionKind kind) {
        return switch (kind) {
            // hues of the Okabe-Ito palette, which readers with any common colour-vision deficiency tell apart;
            // every label on the map also starts with the kind's tag, so colour is never the only cue
            case POOL_FREE -> new Style("#e8edf4", "#475569", "free pool", "free");
            case INSTANCE -> new Style("#8fcdf2", "#0b2a55", "instance memory", "mem");
            case POOL_LEAKED -> new Style("#f3b58f", "#4a1700", "leaked pool pages", "LEAK");
            case SEGMENT -> new Style("#5fc4a6", "#00382a", "image segment", "seg");
            case CONTROL_PAGE -> new Style("#e0a9c8", "#3d0a26", "control page", "ctl");
            case ALLOCATION_LEAKED -> new Style("#f2cd7a", "#3d2a00", "leaked allocation", "LEAK");
            case HANDOVER_PAGE -> new Style("#f0e442", "#3d3a00", "handover FDT page", "fdt");
            case HOST_TAKEN -> new Style("#e8875a", "#3d1500", "host RAM taken", "host RAM");
            case PLAIN_SEGMENT -> new Style("#7fb6db", "#002b45", "plain kexec segment", "plain");
            case INSTANCE_POOL -> new Style("#c3b3e6", "#26104d", "instance pool chunk, no region's", "ipool");
            case MANIFEST -> new Style("#f5ea8f", "#3d3a00", "manifest pages", "mfst");
            case IPI_RING -> new Style("#d7c9a0", "#3a2e0c", "IPI ring", "ipi");
            case CRASH_SEGMENT -> new Style("#9ad0c2", "#00382a", "crash segment", "crash");
            case HOST_LEAKED -> new Style("#f1a37a", "#4a1700", "leaked host pages", "LEAK");
        };
    }

    /** The fill of a kind's regions: its colour, or for the leaks a hatch over it, since leaks are defects. */
    private String fill(RegionKind kind) {
        if (kind == RegionKind.POOL_LEAKED) {
            return "url(#" + prefix + "-pool-leaked)";
        }
        if (kind == RegionKind.ALLOCATION_LEAKED) {
            return "url(#" + prefix + "-allocation-leaked)";
        }
        if (kind == RegionKind.HOST_LEAKED) {
            return "url(#" + prefix + "-host-leaked)";
        }
        return style(kind).fill();
    }

    private String wrap(String body) {
        double height = Math.ceil(y + 8);
        StringBuilder svg = new StringBuilder(body.length() + 2048);
        svg.append("<svg xmlns=\"").append(SVG_NAMESPACE).append("\" class=\"memmap\" viewBox=\"0 0 ")
                .append(num(WIDTH)).append(' ').append(num(height)).append("\" width=\"").append(num(WIDTH))
                .append("\" height=\"").append(num(height)).append("\" role=\"img\" font-family=\"").append(FONT)
                .append("\" font-size=\"11\">\n");
        svg.append("<title>").append(Text.html(summary())).append("</title>\n");
        svg.append("<defs>\n");
        hatch(svg, prefix + "-pool-leaked", style(RegionKind.POOL_LEAKED).fill(), "#d55e00");
        hatch(svg, prefix + "-allocation-leaked", style(RegionKind.ALLOCATION_LEAKED).fill(), "#b07800");
        hatch(svg, prefix + "-host-leaked", style(RegionKind.HOST_LEAKED).fill(), "#d55e00");
        hatch(svg, prefix + "-overlap", "none", "#dc2626");
        svg.append("</defs>\n");
        svg.append(body);
        svg.append("</svg>");
        return svg.toString();
    }

    private static void hatch(StringBuilder svg, String id, String background, String line) {
        svg.append("<pattern id=\"").append(id)
                .append("\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">");
        if (!"none".equals(background)) {
            svg.append("<rect width=\"6\" height=\"6\" fill=\"").append(background).append("\"/>");
        }
        svg.append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"").append(line)
                .append("\" stroke-width=\"2.2\"/></pattern>\n");
    }

    private String summary() {
        return "Memory map: " + map.band() + " " + Text.size(map.bandSize()) + " at " + Text.hex(map.bandStart()) + ", "
                + Text.count(map.regions().size(), "region");
    }

    private String body() {
        y = 6;
        scaledBand();
        List<Island> islands = MapLayout.islands(map);
        if (!islands.isEmpty()) {
            out.append("<g class=\"host\">\n");
            hostBand(islands);
            out.append("</g>\n");
        }
        out.append("<g class=\"legend\">\n");
        legend();
        out.append("</g>\n");
        return out.toString();
    }

    // ---- the band, to scale

    private void scaledBand() {
        if (map.bandSize() == 0) {
            text(LEFT, y + 12, "no " + map.band() + ": every region lies in host RAM", "start",
                    "font-weight=\"600\" fill=\"#0f172a\" font-size=\"12\"");
            y += 22;
            return;
        }
        long pages = map.pageSize() > 0 ? map.bandSize() / map.pageSize() : 0;
        String heading = map.band() + " " + Text.span(map.bandStart(), map.bandSize());
        if (map.pageSize() > 0) {
            heading += "  \u00b7  " + Text.count(pages, "page") + " of " + Text.size(map.pageSize());
        }
        text(LEFT, y + 12, heading, "start", "font-weight=\"600\" fill=\"#0f172a\" font-size=\"12\"");
        y += 22;
        List<Piece> memory = MapLayout.bandPieces(map, Tier.MEMORY);
        List<Piece> images = MapLayout.bandPieces(map, Tier.IMAGES);
        List<Piece> all = new ArrayList<>(memory);
        all.addAll(images);
        Scale scale = Scale.of(map.bandStart(), MapLayout.bandEnd(map), LEFT, BAND, all);
        if (scale.widened()) {
            text(RIGHT, y - 10, "regions under " + num(MIN_REGION_WIDTH) + " px widened: not to scale", "end",
                    "fill=\"#64748b\" font-size=\"10\"");
        }
        double top = y;
        double memoryHeight = tier("memory", memory, Math.max(1, MapLayout.laneCount(memory)), scale, true);
        y += memoryHeight;
        if (!images.isEmpty()) {
            y += 4;
            y += tier("images", images, MapLayout.laneCount(images), scale, true);
        }
        pageGrid(top, y, pages, scale);
        double bottom = y;
        axis(y, scale);
        for (ReportFacts.Mark mark : marks) {
            long start = Math.max(mark.start(), map.bandStart());
            long end = Math.min(Text.last(mark.start(), mark.size()) + 1, MapLayout.bandEnd(map));
            if (mark.size() > 0 && start < end) {
                double x0 = scale.x(start);
                double x1 = Math.max(x0 + MIN_REGION_WIDTH, scale.x(end));
                outline(mark, x0, top - 2, x1 - x0, bottom - top + 4);
                double labelX = Math.max(LEFT, Math.min(x0, RIGHT - 260));
                text(labelX, y + 12, fit("\u25b2 " + mark.caption(), RIGHT - labelX, LABEL_CHAR),
                        "start", "fill=\"#b91c1c\" font-weight=\"600\"");
                y += 16;
            }
        }
    }

    private void outline(ReportFacts.Mark mark, double x, double top, double width, double height) {
        markDrawn = true;
        out.append("<rect class=\"named\" x=\"").append(num(x)).append("\" y=\"").append(num(top))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" fill=\"none\" stroke=\"#b91c1c\" stroke-width=\"2.5\" stroke-dasharray=\"6 3\">")
                .append("<title>").append(Text.html(mark.caption() + ": " + mark.detail())).append("</title></rect>\n");
    }

    /** The marks with a byte inside {@code [start, end)}. */
    private List<ReportFacts.Mark> marksIn(long start, long end) {
        List<ReportFacts.Mark> in = new ArrayList<>();
        for (ReportFacts.Mark mark : marks) {
            if (mark.size() > 0 && mark.start() < end && Text.last(mark.start(), mark.size()) >= start) {
                in.add(mark);
            }
        }
        return in;
    }

    /**
     * Draws one tier of lanes scaled from {@code [from, to)} onto {@code [x0, x0 + width]} and returns its height.
     */
    private double tier(String name, List<Piece> pieces, int lanes, Scale scale, boolean named) {
        double x0 = scale.x0();
        double width = scale.width();
        double laneHeight = laneHeight(lanes, named ? 24 : 20);
        double height = lanes * laneHeight;
        if (named) {
            text(x0 - 8, y + height / 2 + 4, name, "end", "fill=\"#64748b\"");
        }
        out.append("<rect x=\"").append(num(x0)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(width)).append("\" height=\"").append(num(height))
                .append("\" fill=\"").append("memory".equals(name) ? "#ffffff" : "#f8fafc")
                .append("\" stroke=\"#94a3b8\" stroke-width=\"1\"/>\n");
        for (Piece p : pieces) {
            region(p, scale, y + p.lane() * laneHeight, laneHeight);
        }
        for (long[] overlap : MapLayout.overlaps(pieces)) {
            double ox = scale.x(overlap[0]);
            double ow = Math.max(2, scale.x(overlap[1]) - ox);
            overlapDrawn = true;
            out.append("<rect class=\"overlap\" x=\"").append(num(ox)).append("\" y=\"").append(num(y))
                    .append("\" width=\"").append(num(ow)).append("\" height=\"").append(num(height))
                    .append("\" fill=\"url(#")
                    .append(prefix).append("-overlap)\" stroke=\"#dc2626\" stroke-width=\"1.5\">")
                    .append("<title>").append(Text.html("overlap in " + name + ": " + range(overlap[0], overlap[1])))
                    .append("</title></rect>\n");
        }
        labels(pieces, scale, y, laneHeight);
        return height;
    }

    private static double laneHeight(int lanes, double most) {
        return Math.max(3, Math.min(most, Math.floor(120.0 / lanes)));
    }

    private void region(Piece p, Scale scale, double laneTop, double laneHeight) {
        Region r = p.region();
        kindsDrawn.add(r.kind());
        double x = scale.x(p.start());
        double w = Math.max(MIN_REGION_WIDTH, scale.x(p.end()) - x);
        double inset = laneHeight >= 8 ? 1 : 0.25;
        String fill = fill(r.kind());
        out.append("<rect class=\"region ").append(cssName(r.kind())).append("\" data-region=\"").append(p.index())
                .append("\" x=\"").append(num(x)).append("\" y=\"").append(num(laneTop + inset))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(laneHeight - 2 * inset))
                .append("\" fill=\"").append(fill).append('"')
                // a white edge separates neighbours, but would swallow a sliver
                .append(w >= 6 ? " stroke=\"#ffffff\" stroke-width=\"0.6\">" : ">")
                .append("<title>").append(Text.html(tooltip(p.index(), r))).append("</title></rect>\n");
    }

    /**
     * Writes one label per run of touching regions of one kind and owner in a lane, where the run is wide enough;
     * a run too narrow for its label goes without (its regions keep their tooltips).
     */
    private void labels(List<Piece> pieces, Scale scale, double top, double laneHeight) {
        if (laneHeight < 13) {
            return;
        }
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort((a, b) -> a.lane() != b.lane() ? Integer.compare(a.lane(), b.lane())
                : a.start() != b.start() ? Long.compare(a.start(), b.start()) : Integer.compare(a.index(), b.index()));
        int i = 0;
        while (i < sorted.size()) {
            Piece first = sorted.get(i);
            Piece last = first;
            int j = i + 1;
            while (j < sorted.size() && sameRun(last, sorted.get(j))) {
                last = sorted.get(j);
                j++;
            }
            double x0 = scale.x(first.start());
            double x1 = Math.max(x0 + MIN_REGION_WIDTH, scale.x(last.end()));
            RegionKind kind = first.region().kind();
            String text = kind == RegionKind.POOL_FREE || kind == RegionKind.PLAIN_SEGMENT ? style(kind).label()
                    : style(kind).tag() + " " + Text.oneLine(first.region().owner());
            String label = fit(text, x1 - x0 - 6, LABEL_CHAR);
            if (!label.isEmpty()) {
                text((x0 + x1) / 2, top + first.lane() * laneHeight + laneHeight / 2 + 4, label, "middle",
                        "fill=\"" + style(first.region().kind()).text() + "\" pointer-events=\"none\"");
            }
            i = j;
        }
    }

    private static boolean sameRun(Piece a, Piece b) {
        return a.lane() == b.lane() && a.end() == b.start() && a.region().kind() == b.region().kind()
                && a.region().owner().equals(b.region().owner());
    }

    private void pageGrid(double top, double bottom, long pages, Scale scale) {
        if (pages < 2 || pages > PAGE_GRID_MAX_PAGES) {
            return;
        }
        for (long page = 0; page < pages; page++) {
            long at = map.bandStart() + page * map.pageSize();
            if (scale.x(at + map.pageSize()) - scale.x(at) < 4) {
                return;
            }
        }
        out.append("<g class=\"page-grid\" stroke=\"#0f172a\" stroke-opacity=\"0.14\" stroke-width=\"1\">");
        for (long page = 1; page < pages; page++) {
            double x = scale.x(map.bandStart() + page * map.pageSize());
            out.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(top)).append("\" x2=\"")
                    .append(num(x)).append("\" y2=\"").append(num(bottom)).append("\"/>");
        }
        out.append("</g>\n");
    }

    /**
     * Hex addresses under the band where regions begin and end (the scale's breakpoints), as many as fit without
     * touching: the band's two ends first, then the others from the lowest address, then round offsets in the
     * stretches between.
     */
    private void axis(double top, Scale scale) {
        List<Long> marks = new ArrayList<>();
        for (long point : scale.points()) {
            marks.add(point);
        }
        double gap = 12;
        List<double[]> taken = new ArrayList<>();
        List<Long> shown = new ArrayList<>();
        List<Long> order = new ArrayList<>();
        order.add(marks.get(0));
        order.add(marks.get(marks.size() - 1));
        order.addAll(marks.subList(1, marks.size() - 1));
        long size = marks.get(marks.size() - 1) - marks.get(0);
        long step = map.pageSize() > 0 ? map.pageSize() : 1;
        while (step < size / 8) {
            step *= 2;
        }
        for (long offset = step; offset < size && size > 0; offset += step) {
            if (!marks.contains(marks.get(0) + offset)) {
                order.add(marks.get(0) + offset);
            }
        }
        for (long address : order) {
            double x = scale.x(address);
            double width = Text.hex(address).length() * MONO_CHAR;
            double[] span = labelSpan(x, width, address == marks.get(0), address == marks.get(marks.size() - 1));
            boolean free = true;
            for (double[] other : taken) {
                if (span[0] < other[1] + gap && other[0] < span[1] + gap) {
                    free = false;
                    break;
                }
            }
            if (free) {
                taken.add(span);
                shown.add(address);
            }
        }
        shown.sort(Long::compare);
        out.append("<g class=\"axis\" stroke=\"#64748b\" stroke-width=\"1\">");
        for (long address : order) {
            if (!marks.contains(address) && !shown.contains(address)) {
                continue;
            }
            double x = scale.x(address);
            out.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(top)).append("\" x2=\"")
                    .append(num(x)).append("\" y2=\"").append(num(top + (shown.contains(address) ? 5 : 3)))
                    .append("\"/>");
        }
        out.append("</g>\n");
        for (long address : shown) {
            double x = scale.x(address);
            String anchor = address == marks.get(0) ? "start" : address == marks.get(marks.size() - 1) ? "end" : "middle";
            text(x, top + 17, Text.hex(address), anchor, "font-family=\"" + MONO + "\" font-size=\"10\" fill=\"#334155\"");
        }
        y = top + 26;
    }

    private static double[] labelSpan(double x, double width, boolean first, boolean last) {
        if (first) {
            return new double[] {x, x + width};
        }
        if (last) {
            return new double[] {x - width, x};
        }
        return new double[] {x - width / 2, x + width / 2};
    }

    // ---- host RAM, in address order, not to scale

    /** One box of the host row: an island of regions, or the band shown where it lies among them. */
    private record Box(long start, long end, Island island) {
        boolean isBand() {
            return island == null;
        }
    }

    private void hostBand(List<Island> islands) {
        List<Box> boxes = new ArrayList<>();
        for (Island island : islands) {
            boxes.add(new Box(island.start(), island.end(), island));
        }
        if (map.bandSize() > 0) {
            Box pool = new Box(map.bandStart(), MapLayout.bandEnd(map), null);
            int at = 0;
            while (at < boxes.size() && boxes.get(at).start() < pool.start()) {
                at++;
            }
            boxes.add(at, pool);
        }
        int regions = 0;
        for (Island island : islands) {
            regions += island.indexes().size();
        }
        y += 8;
        text(LEFT, y + 12, "outside the " + map.band() + ": " + Text.count(regions, "region") + " in host RAM", "start",
                "font-weight=\"600\" fill=\"#0f172a\" font-size=\"12\"");
        text(RIGHT, y + 12, "in address order, not to scale; gaps cut", "end", "fill=\"#64748b\" font-size=\"10\"");
        y += 34;
        int perRow = (int) Math.max(1, Math.floor((BAND + BOX_GAP) / (MIN_BOX + BOX_GAP)));
        int columns = Math.min(perRow, boxes.size());
        double boxWidth = Math.min(MAX_BOX, (BAND - (columns - 1) * BOX_GAP) / columns);
        for (int rowStart = 0; rowStart < boxes.size(); rowStart += perRow) {
            List<Box> row = boxes.subList(rowStart, Math.min(boxes.size(), rowStart + perRow));
            hostRow(row, rowStart == 0 ? null : boxes.get(rowStart - 1), boxWidth);
        }
    }

    private void hostRow(List<Box> row, Box before, double boxWidth) {
        double top = y;
        double rowHeight = 20;
        for (Box box : row) {
            rowHeight = Math.max(rowHeight, boxHeight(box));
        }
        if (before != null) {
            gapMark(LEFT - BOX_GAP / 2, top, rowHeight, row.get(0).start() - before.end());
        }
        boolean named = false;
        for (int i = 0; i < row.size(); i++) {
            Box box = row.get(i);
            double x = LEFT + i * (boxWidth + BOX_GAP);
            y = top;
            if (box.isBand()) {
                bandBox(x, boxWidth, rowHeight);
            } else {
                island(box.island(), x, boxWidth);
                List<ReportFacts.Mark> here = marksIn(box.start(), box.end());
                if (!here.isEmpty()) {
                    named = true;
                    for (ReportFacts.Mark mark : here) {
                        outline(mark, x - 2, top - 2, boxWidth + 4, rowHeight + 4);
                    }
                    text(x, top + rowHeight + 38, fit("\u25b2 " + here.get(0).caption(), boxWidth + BOX_GAP,
                            LABEL_CHAR), "start", "fill=\"#b91c1c\" font-weight=\"600\"");
                }
            }
            String second = box.isBand() ? "the " + map.band() + ", " + Text.size(box.end() - box.start())
                    : Text.size(box.end() - box.start()) + " \u00b7 "
                            + Text.count(box.island().indexes().size(), "region");
            text(x, top + rowHeight + 13, Text.hex(box.start()), "start",
                    "font-family=\"" + MONO + "\" font-size=\"10\" fill=\"#334155\"");
            text(x, top + rowHeight + 25, fit(second, boxWidth, 5.6), "start", "font-size=\"10\" fill=\"#64748b\"");
            if (i + 1 < row.size()) {
                gapMark(x + boxWidth + BOX_GAP / 2, top, rowHeight, row.get(i + 1).start() - box.end());
            }
        }
        y = top + rowHeight + 46 + (named ? 14 : 0);
    }

    private double boxHeight(Box box) {
        if (box.isBand()) {
            return 20;
        }
        double height = 0;
        for (Tier tier : Tier.values()) {
            int lanes = MapLayout.laneCount(MapLayout.wholePieces(map, box.island().indexes(), tier));
            if (lanes > 0) {
                height += (height > 0 ? 3 : 0) + lanes * laneHeight(lanes, 20);
            }
        }
        return height;
    }

    private void island(Island island, double x, double width) {
        boolean first = true;
        long end = Math.max(island.end(), island.start() + 1);
        for (Tier tier : Tier.values()) {
            List<Piece> pieces = MapLayout.wholePieces(map, island.indexes(), tier);
            if (pieces.isEmpty()) {
                continue;
            }
            if (!first) {
                y += 3;
            }
            List<Piece> all = new ArrayList<>();
            for (Tier each : Tier.values()) {
                all.addAll(MapLayout.wholePieces(map, island.indexes(), each));
            }
            y += tier(tier.name().toLowerCase(Locale.ROOT), pieces, MapLayout.laneCount(pieces),
                    Scale.of(island.start(), end, x, width, all), false);
            first = false;
        }
    }

    private void bandBox(double x, double width, double height) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(width)).append("\" height=\"").append(num(height))
                .append("\" fill=\"#f1f5f9\" stroke=\"#64748b\" stroke-dasharray=\"4 3\"/>\n");
        text(x + width / 2, y + height / 2 + 4, map.band() + " (drawn above)", "middle", "fill=\"#475569\"");
    }

    /** The cut between two boxes: a pair of slanted strokes with the bytes skipped written under them. */
    private void gapMark(double cx, double top, double height, long gap) {
        double mid = top + height / 2;
        out.append("<g stroke=\"#94a3b8\" stroke-width=\"1.4\">")
                .append("<line x1=\"").append(num(cx - 7)).append("\" y1=\"").append(num(mid + 6)).append("\" x2=\"")
                .append(num(cx - 1)).append("\" y2=\"").append(num(mid - 6)).append("\"/>")
                .append("<line x1=\"").append(num(cx + 1)).append("\" y1=\"").append(num(mid + 6)).append("\" x2=\"")
                .append(num(cx + 7)).append("\" y2=\"").append(num(mid - 6)).append("\"/></g>\n");
        String label = gap > 0 ? "+" + Text.size(gap) : gap == 0 ? "adjacent" : "";
        if (!label.isEmpty()) {
            text(cx, top - 4, fit(label, BOX_GAP + 20, 6), "middle", "font-size=\"10\" fill=\"#64748b\"");
        }
    }

    // ---- legend

    /** One legend entry: a swatch filled and outlined as given, and its label. */
    private record LegendItem(String fill, String stroke, String label) {
    }

    private void legend() {
        y += 4;
        if (map.regions().isEmpty()) {
            text(LEFT, y + 10, "no regions", "start", "fill=\"#64748b\"");
            y += 16;
            return;
        }
        List<LegendItem> items = new ArrayList<>();
        for (RegionKind kind : RegionKind.values()) {
            if (kindsDrawn.contains(kind)) {
                items.add(new LegendItem(fill(kind), "#94a3b8", style(kind).label()));
            }
        }
        if (markDrawn) {
            items.add(new LegendItem("none", "#b91c1c", "what the defect is about (outlined)"));
        }
        if (overlapDrawn) {
            items.add(new LegendItem("url(#" + prefix + "-overlap)", "#dc2626", "overlap (same tier)"));
        }
        double x = LEFT;
        for (LegendItem item : items) {
            double width = 18 + item.label().length() * LABEL_CHAR + 16;
            if (x + width > RIGHT && x > LEFT) {
                x = LEFT;
                y += 18;
            }
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y + 1))
                    .append("\" width=\"12\" height=\"12\" rx=\"2\" fill=\"").append(item.fill())
                    .append("\" stroke=\"").append(item.stroke()).append("\"/>");
            text(x + 17, y + 11, item.label(), "start", "fill=\"#334155\"");
            x += width;
        }
        y += 18;
    }

    // ---- small pieces

    /**
     * Maps addresses in {@code [from, to]} onto {@code [x0, x0 + width]}, piecewise linearly between the points where
     * regions begin and end: each stretch between two points gets at least {@link #MIN_REGION_WIDTH} and shares the
     * rest by its bytes, so an 8K segment in a 64M pool stays a box one can find and point at.
     *
     * <p>The breakpoints are ascending, first {@code from} and last {@code to}; {@code widened} says whether some
     * stretch was drawn wider than its share of the bytes.
     */
    private static final class Scale {
        private final double x0;
        private final double width;
        private final long[] points;
        private final double[] xs;
        private final boolean widened;

        private Scale(double x0, double width, long[] points, double[] xs, boolean widened) {
            this.x0 = x0;
            this.width = width;
            this.points = points;
            this.xs = xs;
            this.widened = widened;
        }

        double x0() {
            return x0;
        }

        double width() {
            return width;
        }

        boolean widened() {
            return widened;
        }

        long[] points() {
            return points.clone();
        }

        static Scale of(long from, long to, double x0, double width, List<Piece> pieces) {
            TreeSet<Long> cuts = new TreeSet<>();
            cuts.add(from);
            cuts.add(Math.max(from, to));
            for (Piece p : pieces) {
                for (long at : new long[] {p.start(), p.end()}) {
                    if (at > from && at < to) {
                        cuts.add(at);
                    }
                }
            }
            long[] points = new long[cuts.size()];
            int n = 0;
            for (long cut : cuts) {
                points[n++] = cut;
            }
            double[] xs = new double[points.length];
            xs[0] = x0;
            int stretches = points.length - 1;
            if (stretches == 0) {
                return new Scale(x0, width, points, xs, false);
            }
            double total = (double) (points[stretches] - points[0]);
            double least = Math.min(MIN_REGION_WIDTH, width / stretches);
            double spare = width - least * stretches;
            boolean widened = false;
            for (int i = 0; i < stretches; i++) {
                double share = width * (points[i + 1] - points[i]) / total;
                double drawn = least + spare * (points[i + 1] - points[i]) / total;
                widened |= drawn > share * 1.5 && share < MIN_REGION_WIDTH;
                xs[i + 1] = xs[i] + drawn;
            }
            xs[stretches] = x0 + width;
            return new Scale(x0, width, points, xs, widened);
        }

        double x(long address) {
            if (address <= points[0]) {
                return xs[0];
            }
            if (address >= points[points.length - 1]) {
                return xs[xs.length - 1];
            }
            int i = Arrays.binarySearch(points, address);
            if (i >= 0) {
                return xs[i];
            }
            int hi = -i - 1;
            int lo = hi - 1;
            double fraction = (double) (address - points[lo]) / (double) (points[hi] - points[lo]);
            return xs[lo] + (xs[hi] - xs[lo]) * fraction;
        }
    }

    private void text(double x, double baseline, String text, String anchor, String attributes) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(baseline)).append('"');
        if (!"start".equals(anchor)) {
            out.append(" text-anchor=\"").append(anchor).append('"');
        }
        out.append(' ').append(attributes).append('>').append(Text.html(text)).append("</text>\n");
    }

    /** {@code label} if it fits in {@code room} pixels, else a shortened form ending in an ellipsis, or nothing. */
    static String fit(String label, double room, double charWidth) {
        int fits = (int) Math.floor(room / charWidth);
        int length = label.codePointCount(0, label.length());
        if (length <= fits) {
            return label;
        }
        if (fits < 4) {
            return "";
        }
        return label.substring(0, label.offsetByCodePoints(0, fits - 1)) + "\u2026";
    }

    private static String tooltip(int index, Region r) {
        StringBuilder tip = new StringBuilder();
        tip.append('#').append(index).append(' ').append(style(r.kind()).label()).append(" of ").append(r.owner())
                .append(": ").append(range(r.start(), MapLayout.end(r)));
        if (!r.note().isEmpty()) {
            tip.append(" \u2014 ").append(r.note());
        }
        return tip.toString();
    }

    /** A byte range from {@code start} to one past its end, written first to last byte. */
    static String range(long start, long end) {
        return Text.span(start, end - start);
    }

    /** The CSS class of a kind: {@code k-pool-free}. */
    static String cssName(RegionKind kind) {
        return "k-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String num(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
