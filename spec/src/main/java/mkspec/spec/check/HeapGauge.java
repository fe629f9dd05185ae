package mkspec.spec.check;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The heap a run needs: what the young pools held after their last collection and what the old generation holds now,
 * which is what stayed live (stored fingerprints, parent links, the states of the current and next level unless they
 * are rebuilt), not the garbage between collections. The old generation is collected rarely (never, in a run whose
 * only long-lived data is the store), so its after-collection figure goes stale; its current use can only overstate
 * the need, by the garbage promoted since. Before the first collection, the heap's current use stands in.
 */
public final class HeapGauge {
  private HeapGauge() {}

  /** Bytes of heap live after the last young collection, summed over the heap pools. */
  public static long liveBytes() {
    long collections = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, gc.getCollectionCount());
    }
    if (collections == 0) {
      Runtime rt = Runtime.getRuntime();
      return rt.totalMemory() - rt.freeMemory();
    }
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
        continue;
      }
      MemoryUsage usage = young(pool) ? pool.getCollectionUsage() : pool.getUsage();
      if (usage != null) {
        live += usage.getUsed();
      }
    }
    return live;
  }

  /** Eden and survivor spaces, by the names every HotSpot collector gives them. */
  private static boolean young(MemoryPoolMXBean pool) {
    String name = pool.getName();
    return name.contains("Eden") || name.contains("Survivor");
  }
}
