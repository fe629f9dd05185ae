package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import mkspec.spec.Bounds;
import mkspec.spec.action.Action;
import mkspec.spec.action.DtbSizes;
import mkspec.spec.action.Next;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Image;
import mkspec.spec.model.Instance;
import mkspec.spec.model.Lifecycle;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;
import org.junit.jupiter.api.Test;

/**
 * Refinement is membership: a step is allowed when it is one of the spec's steps, whichever allocator chose the
 * pages; a choice outside what the interface allows, or an errno no allowed choice leads to, is not.
 */
class RefinementMembershipTest {
    static final Platform P = Bounds.defaults().with("pool-pages", "128").platform();
    static final Judge JUDGE = new Judge(P);

    /** web, id 1, CPU 1, READY with one chunk of {@code pages} pages at the pool's start: a state the spec allows. */
    static MkState withWeb(long pages) {
        MkState init = MkState.init(P);
        Range chunk = new Range(P.pool().first(), pages);
        long dtb = DtbSizes.perInstance(new DtbSizes.InstanceNode("web", 4, 0, 1, true));
        Instance web = new Instance("web", 1, Lifecycle.READY, CpuSet.of(1), List.of(chunk), RangeSet.EMPTY, dtb,
            Optional.empty());
        MkState s = init.withPoolFree(init.poolFree().minus(chunk)).withInstances(List.of(web))
            .withOnline(init.online().minus(CpuSet.of(1)));
        Action.Node node = new Action.Node("web", 4, 1, new Action.Built(dtb), true, 4, pages * P.pageSize(), 4,
            List.of(1L));
        assertEquals(List.of(), JUDGE.refinement(init, Action.UploadDeviceTree.of(new Action.Nodes(List.of(node))),
            Result.OK, s), "the upload that makes it is allowed");
        return s;
    }

    static Action load(Action.SegmentReq... segments) {
        return new Action.KexecFileLoad(Next.mkIdFlags(1), List.of(segments), Action.FailAt.NONE);
    }

    static MkState loadedAt(MkState pre, List<Range> segments, List<Range> control) {
        Instance web = pre.byName("web").orElseThrow();
        Image image = new Image(1, segments, control, true);
        return pre.withInstance(web.withImage(Optional.of(image), web.allocated().union(image.pages()))
            .withState(Lifecycle.LOADED));
    }

    @Test
    void anyPlacementInsideTheInstancePoolIsAllowed() {
        MkState pre = withWeb(4);
        long base = pre.byName("web").orElseThrow().memory().first();
        Action a = load(Action.SegmentReq.ofSize(4096));
        // first fit, and its reverse: both are allocators the interface allows
        assertEquals(List.of(), JUDGE.refinement(pre, a, Result.OK,
            loadedAt(pre, List.of(new Range(base, 1)), List.of(new Range(base + 1, 1), new Range(base + 2, 1)))));
        assertEquals(List.of(), JUDGE.refinement(pre, a, Result.OK,
            loadedAt(pre, List.of(new Range(base + 3, 1)), List.of(new Range(base + 2, 1), new Range(base, 1)))));
    }

    @Test
    void aSegmentOutsideTheInstanceOrOnAControlPageIsNotAllowed() {
        MkState pre = withWeb(4);
        long base = pre.byName("web").orElseThrow().memory().first();
        Action a = load(Action.SegmentReq.ofSize(4096));
        assertFalse(JUDGE.refinement(pre, a, Result.OK,
            loadedAt(pre, List.of(new Range(base + 4, 1)), List.of(new Range(base, 1), new Range(base + 1, 1)))).isEmpty());
        assertFalse(JUDGE.refinement(pre, a, Result.OK,
            loadedAt(pre, List.of(new Range(base, 1)), List.of(new Range(base, 1), new Range(base + 1, 1)))).isEmpty());
    }

    @Test
    void enomemIsAllowedOnlyWhereSomeOrderOfAllowedChoicesRunsOutOfRoom() {
        MkState small = withWeb(4);
        assertFalse(JUDGE.refinement(small, load(Action.SegmentReq.ofSize(4096)), Result.err(Errno.ENOMEM), small)
            .isEmpty(), "one page and two control pages always fit four pages");
        assertEquals(List.of(), JUDGE.refinement(small, load(Action.SegmentReq.ofSize(3 * 4096)),
            Result.err(Errno.ENOMEM), small), "three pages leave no room for the control pages");
        // 64 pages from 0x40000000: two single pages taken lowest first leave no 2 MiB-aligned page for the third
        MkState big = withWeb(64);
        Action aligned = load(Action.SegmentReq.ofSize(4096), Action.SegmentReq.ofSize(4096),
            new Action.SegmentReq(4096, 2 << 20, 0, Long.MAX_VALUE));
        assertEquals(List.of(), JUDGE.refinement(big, aligned, Result.err(Errno.ENOMEM), big));
    }
}
