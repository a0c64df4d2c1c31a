package io.edgeprov.gateway.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** This JVM's CPU time, used heap and resident set size, read the same way on every JDK. */
final class ProcessProbe {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Optional<com.sun.management.OperatingSystemMXBean> os;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Boolean> selected = new ConcurrentHashMap<>();

    private final Predicate<String> named;

    /** @param named which threads {@link #selectedThreadsCpuNanos} counts, by name */
    ProcessProbe(Predicate<String> named) {
        this.named = named;
        os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? Optional.of(bean) : Optional.empty();
    }

    /** CPU time of the whole process in nanoseconds, when the JDK exposes it. */
    Optional<Long> processCpuNanos() {
        return os.map(com.sun.management.OperatingSystemMXBean::getProcessCpuTime).filter(n -> n >= 0);
    }

    /**
     * CPU time of the live threads whose names the constructor's predicate accepts, in nanoseconds; empty when the
     * JVM does not measure thread CPU. Threads that ended since the last call are not counted.
     *
     * <p>Names are looked up once per thread: a thread dump of a simulated fleet's thousands of
     * client threads at every progress tick cost the benchmark a third of the fleet's CPU.
     */
    Optional<Long> selectedThreadsCpuNanos() {
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return Optional.empty();
        }
        long[] ids = threads.getAllThreadIds();
        long[] unseen = Arrays.stream(ids).filter(id -> !selected.containsKey(id)).toArray();
        if (unseen.length > 0) {
            for (ThreadInfo info : threads.getThreadInfo(unseen)) {
                if (info != null) {
                    selected.put(info.getThreadId(), named.test(info.getThreadName()));
                }
            }
        }
        long total = 0;
        for (long id : ids) {
            if (Boolean.TRUE.equals(selected.get(id))) {
                total += Math.max(threads.getThreadCpuTime(id), 0);
            }
        }
        return Optional.of(total);
    }

    /** CPU time of the calling thread in nanoseconds, when the JVM measures it. */
    Optional<Long> currentThreadCpuNanos() {
        if (!threads.isCurrentThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return Optional.empty();
        }
        return Optional.of(threads.getCurrentThreadCpuTime());
    }

    /**
     * CPU time of the gateway's threads and the calling thread together: what an operation run on this
     * thread through a use case cost the gateway (the call, then the registry writer and the broker).
     */
    Optional<Long> gatewayAndCallerCpuNanos() {
        return selectedThreadsCpuNanos().flatMap(gateway -> currentThreadCpuNanos().map(caller -> gateway + caller));
    }

    /** Used heap in MiB after asking for a full collection; a hint only, so several rounds are run. */
    double usedHeapMbAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /** VmRSS from /proc/self/status in MiB; empty off Linux. */
    Optional<Double> rssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                    .findFirst().map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
