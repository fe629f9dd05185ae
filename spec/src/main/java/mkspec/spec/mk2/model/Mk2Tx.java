package mkspec.spec.mk2.model;

import java.util.List;
import mkspec.spec.model.Fp;
import mkspec.spec.model.Range;

/**
 * One overlay transaction on the tx list ([OV14] struct mk_overlay_tx).
 *
 * @param id its number ({@code overlays/tx_<id>})
 * @param applied whether its status reads "applied" (else "failed")
 * @param effects what its apply did, in order: what an exact rollback undoes. The code as read keeps only the blob
 *     and walks it again at rollback, so for it this is ghost.
 */
public record Mk2Tx(int id, boolean applied, List<Effect> effects) {

    public Mk2Tx {
        effects = List.copyOf(effects);
    }

    /** One effect of an applied operation. */
    public sealed interface Effect {
        /** The same effect with its record serial renumbered by {@code r}. */
        Effect renumbered(java.util.function.IntUnaryOperator r);

        /** The record {@code serial} was created (instance-create). */
        record Created(int serial) implements Effect {
            @Override
            public Effect renumbered(java.util.function.IntUnaryOperator r) {
                return new Created(r.applyAsInt(serial));
            }
        }

        /** A record was destroyed (instance-remove; its inverse is lossy by design). */
        record Removed() implements Effect {
            @Override
            public Effect renumbered(java.util.function.IntUnaryOperator r) {
                return this;
            }
        }

        /** The record {@code serial} was given the region {@code pages} (memory-add). */
        record RegionAdded(int serial, Range pages) implements Effect {
            @Override
            public Effect renumbered(java.util.function.IntUnaryOperator r) {
                return new RegionAdded(r.applyAsInt(serial), pages);
            }
        }

        /** The record {@code serial} lost the region {@code pages} (memory-remove). */
        record RegionRemoved(int serial, Range pages) implements Effect {
            @Override
            public Effect renumbered(java.util.function.IntUnaryOperator r) {
                return new RegionRemoved(r.applyAsInt(serial), pages);
            }
        }
    }

    /** The serials of the records this tx's apply created. */
    public List<Integer> created() {
        return effects.stream().filter(e -> e instanceof Effect.Created).map(e -> ((Effect.Created) e).serial())
            .toList();
    }

    long fingerprint(long h) {
        return Fp.mix(Fp.mix(Fp.mix(h, id), applied ? 1 : 0), effects.hashCode());
    }
}
