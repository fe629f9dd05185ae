package mkspec.reference.mk2.include;

import java.util.ArrayList;
import java.util.List;

/** struct mk_overlay_tx ([OV14]): one overlay write, its blob and its status. */
public final class OverlayTx {
    /**
     * What the fixed apply remembers of one operation it ran, for an exact rollback.
     *
     * @param op the operation's node name
     * @param serial the record an instance-create made (0 otherwise)
     * @param base the region a memory-add took (0 otherwise)
     * @param size its size
     * @param name the instance's name
     */
    public record Ran(String op, int serial, long base, long size, String name) {
    }

    public final int id;
    public final byte[] dtbo;
    /** "applied" or "failed". */
    public boolean applied;
    /**
     * The fix of N5 and N11: the operations the apply ran, in order, so that a rollback undoes exactly those, and the
     * records its creates made. The code as read keeps neither; with N5 on, the model still keeps them, as the ghost
     * the rollback-exact judgement reads.
     */
    public final List<Ran> ran;

    /** What the apply ran, in order: (operation, record serial, region base, region size). */
    public List<Ran> ran() {
        return java.util.Collections.unmodifiableList(ran);
    }

    public OverlayTx(int id, byte[] dtbo) {
        this.id = id;
        this.dtbo = dtbo;
        this.ran = new ArrayList<>();
    }

    private OverlayTx(OverlayTx o) {
        this.id = o.id;
        this.dtbo = o.dtbo;
        this.applied = o.applied;
        this.ran = new ArrayList<>(o.ran);
    }

    public OverlayTx copy() {
        return new OverlayTx(this);
    }
}
