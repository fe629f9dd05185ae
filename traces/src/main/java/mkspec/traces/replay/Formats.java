package mkspec.traces.replay;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.Numbers;
import mkspec.traces.format.Restored;

/** Short texts for values in replay messages and reports. */
public final class Formats {
    private Formats() {
    }

    /** CPUs as a compact list, e.g. {@code 2-3,5}. */
    public static String cpus(BitSet b) {
        List<String> parts = new ArrayList<>();
        int i = b.nextSetBit(0);
        while (i >= 0) {
            int j = i;
            while (b.get(j + 1)) {
                j++;
            }
            parts.add(i == j ? Integer.toString(i) : i + "-" + j);
            i = b.nextSetBit(j + 1);
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    public static String cpus(List<Integer> l) {
        BitSet b = new BitSet();
        for (int c : l) {
            b.set(c);
        }
        return cpus(b);
    }

    public static String restored(SpawnedKernel.Restored r) {
        return "{name: " + r.name() + ", id: " + r.id() + ", cpus: [" + cpus(r.cpus()) + "], memory-bytes: "
            + Numbers.formatSize(r.memoryBytes()) + (r.visible() ? "" : ", not registered") + "}";
    }

    public static String restored(Restored r) {
        return r.accept(new Restored.Cases<>() {
            public String nothing(Restored.Nothing n) {
                return "none";
            }

            public String instance(Restored.Instance want) {
                InstanceSpec i = want.instance();
                List<String> f = new ArrayList<>();
                i.name().ifPresent(n -> f.add("name: " + n));
                i.id().ifPresent(n -> f.add("id: " + n));
                i.cpus().ifPresent(c -> f.add("cpus: [" + cpus(c) + "]"));
                i.memoryBytes().ifPresent(m -> f.add("memory-bytes: " + Numbers.formatSize(m)));
                return "{" + String.join(", ", f) + "}";
            }
        });
    }
}
