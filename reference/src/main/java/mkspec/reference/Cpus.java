package mkspec.reference;

import java.util.BitSet;

/**
 * The host's logical CPUs 0..nr_cpu_ids-1 and which are online (kernel/cpu.c as the multikernel
 * code uses it: cpu_online(), remove_cpu(), add_cpu()).
 *
 * <p>Every CPU is possible and starts online. The boot CPU cannot be taken offline on x86 (the
 * kernel dropped CPU0 hotplug), so remove_cpu(0) fails with -EBUSY.
 */
public final class Cpus {
    private final int nrCpuIds;
    private final BitSet online;

    public Cpus(int nrCpuIds) {
        this.nrCpuIds = nrCpuIds;
        this.online = new BitSet(nrCpuIds);
        this.online.set(0, nrCpuIds);
    }

    private Cpus(Cpus c) {
        this.nrCpuIds = c.nrCpuIds;
        this.online = (BitSet) c.online.clone();
    }

    public Cpus copy() {
        return new Cpus(this);
    }

    /** nr_cpu_ids */
    public int nrCpuIds() {
        return nrCpuIds;
    }

    /** cpu_possible() */
    public boolean cpu_possible(int cpu) {
        return cpu >= 0 && cpu < nrCpuIds;
    }

    /** cpu_online() */
    public boolean cpu_online(int cpu) {
        return cpu >= 0 && cpu < nrCpuIds && online.get(cpu);
    }

    /** remove_cpu(): 0, or -EBUSY for the boot CPU. */
    public int remove_cpu(int cpu) {
        if (cpu == 0) {
            return Errno.EBUSY.negative();
        }
        online.clear(cpu);
        return 0;
    }

    /** add_cpu(): brings a CPU back online. */
    public int add_cpu(int cpu) {
        online.set(cpu);
        return 0;
    }

    /** The online CPUs. */
    public BitSet online() {
        return (BitSet) online.clone();
    }

    public long stateHash(long h) {
        for (int cpu = online.nextSetBit(0); cpu >= 0; cpu = online.nextSetBit(cpu + 1)) {
            h = Mix.mix(h, cpu);
        }
        return Mix.mix(h, online.cardinality());
    }
}
