package mkspec.spec.mk2.action;

import java.util.List;

/**
 * One operation of an overlay blob: a fragment's {@code __overlay__} subnode ([OV14] mk_overlay_walk_fragment). The
 * model gives each operation its own fragment, so fragments and operations apply in the same order.
 */
public sealed interface Mk2Op {

    /** The fragment's {@code target-path}. */
    String target();

    /** Calls the handler of this operation in {@code c}. */
    <R> R accept(Cases<R> c);

    /** One handler per operation, so that a new one cannot go unhandled. */
    interface Cases<R> {
        R create(Create op);

        R remove(Remove op);

        R removeFirstRegion(RemoveFirstRegion op);

        R addMemory(AddMemory op);
    }

    /**
     * {@code instance-create} under {@code /instances}: {@code instance-name}, {@code id} (negative: none, an auto
     * id), {@code resources { memory-bytes; cpus }}.
     *
     * @param memoryPages {@code memory-bytes} in pages (0: none requested)
     * @param cpus the CPU ids the {@code cpus} property carries
     * @param u32Cells whether {@code cpus} is written as u32 cells, two of which the kernel reads as one u64 ([DT14]
     *     mk_dt_parse_resources reads u64 entries: N7)
     * @param hostTreeBytes the size of a {@code chosen { multikernel,host-tree { ... } }} the user supplies, 0 for
     *     none ([OV14]: at most MK_HOST_TREE_MAX, 8 KiB); one large enough makes the blob longer than a page (N4)
     */
    record Create(String name, long id, long memoryPages, List<Long> cpus, boolean u32Cells, long hostTreeBytes)
        implements Mk2Op {
        public Create {
            cpus = List.copyOf(cpus);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.create(this);
        }

        @Override
        public String target() {
            return "/instances";
        }
    }

    /** {@code instance-remove} under {@code /instances}. */
    record Remove(String name) implements Mk2Op {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.remove(this);
        }

        @Override
        public String target() {
            return "/instances";
        }
    }

    /**
     * {@code memory-remove} under {@code /instances/<name>} naming the instance's first region, as a user writes it
     * after reading {@code memory-base} from the instance's {@code device_tree}: the operation is resolved against
     * the state it is written in.
     */
    record RemoveFirstRegion(String name) implements Mk2Op {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.removeFirstRegion(this);
        }

        @Override
        public String target() {
            return "/instances/" + name;
        }
    }

    /**
     * {@code memory-add} under {@code /instances/<name>}: {@code memory@0 { reg = <base size>; }} with a base the
     * kernel does not use for an instance that does not run ([HP14] mk_send_mem_add: N13).
     */
    record AddMemory(String name, long pages) implements Mk2Op {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.addMemory(this);
        }

        @Override
        public String target() {
            return "/instances/" + name;
        }
    }
}
