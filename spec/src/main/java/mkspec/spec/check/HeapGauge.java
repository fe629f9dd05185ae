package mkspec.spec.check;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The heap a run needs: what the heap pools held after their last collection, which is what stayed live (stored
 * fingerprints, parent links, the states of the current and next level unless they are rebuilt), not the garbage
 * between collections. A pool's figure is as old as its last collection, and the old generation is collected rarely
 * (never, in a run whose only long-lived data is the store), so a search asks for a collection ({@link #collect}) at a
 * level's end now and then. Before the first collection, the heap's current use stands in.
 */
public final class HeapGauge {
  private HeapGauge() {}

  /** Bytes of heap in use after the last collection, summed over the heap pools. */
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
      MemoryUsage afterGc = pool.getType() == MemoryType.HEAP && pool.isValid() ? pool.getCollectionUsage() : null;
      if (afterGc != null) {
        live += afterGc.getUsed();
      }
    }
    return live;
  }

  /** Asks for a full collection, so that every pool's after-collection figure is current. */
  public static void collect() {
    System.gc();
  }
}
