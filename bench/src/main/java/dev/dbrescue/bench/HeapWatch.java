package dev.dbrescue.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The heap during a run, from the collector's own notifications: the heap in use just before each collection is
 * the peak between collections, and the heap left after it is what the program still holds (the part that would
 * grow with the file if the parser kept anything per deadlock).
 */
final class HeapWatch implements NotificationListener {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    private long collections;
    private long peakBeforeGc;
    private long maxAfterGc;
    private long firstAfterGc = -1;
    private long lastAfterGc;

    HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(this, null, null);
        }
    }

    /** What one run saw. Sizes in bytes; {@code peak} also counts the heap in use at the end of the run. */
    record Usage(long collections, long peak, long maxAfterGc, long firstAfterGc, long lastAfterGc) {
    }

    synchronized void reset() {
        collections = 0;
        peakBeforeGc = 0;
        maxAfterGc = 0;
        firstAfterGc = -1;
        lastAfterGc = 0;
    }

    /**
     * The usage since {@link #reset()}. Notifications arrive on a JMX thread shortly after each collection: callers
     * wait a moment before asking.
     */
    synchronized Usage usage() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Usage(collections, Math.max(peakBeforeGc, now), maxAfterGc, Math.max(firstAfterGc, 0), lastAfterGc);
    }

    @Override
    public synchronized void handleNotification(javax.management.Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long before = heapSum(info.getGcInfo().getMemoryUsageBeforeGc());
        long after = heapSum(info.getGcInfo().getMemoryUsageAfterGc());
        collections++;
        peakBeforeGc = Math.max(peakBeforeGc, before);
        maxAfterGc = Math.max(maxAfterGc, after);
        if (firstAfterGc < 0) {
            firstAfterGc = after;
        }
        lastAfterGc = after;
    }

    private long heapSum(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }
}
