package mkspec.spec.mk2.model;

import java.util.List;
import mkspec.spec.mk2.action.Mk2Op;
import mkspec.spec.model.Fp;

/**
 * One overlay transaction on the tx list ([OV14] struct mk_overlay_tx).
 *
 * @param id its number ({@code overlays/tx_<id>})
 * @param applied whether its status reads "applied" (else "failed")
 * @param ops the operations of its blob, in apply order
 * @param created ghost: the serials of the records its apply created, which its rollback may destroy
 */
public record Mk2Tx(int id, boolean applied, List<Mk2Op> ops, List<Integer> created) {

    public Mk2Tx {
        ops = List.copyOf(ops);
        created = List.copyOf(created);
    }

    long fingerprint(long h) {
        h = Fp.mix(Fp.mix(h, id), applied ? 1 : 0);
        h = Fp.mix(h, ops.hashCode());
        return Fp.mix(h, created.hashCode());
    }
}
