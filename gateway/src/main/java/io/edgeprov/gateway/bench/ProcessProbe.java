package io.edgeprov.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** This JVM's CPU time, used heap and resident set size, read the same way on every JDK. */
final class ProcessProbe {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Optional<com.sun.management.OperatingSystemMXBean> os;

    ProcessProbe() {
        os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? Optional.of(bean) : Optional.empty();
    }

    /** CPU time of the whole process in nanoseconds, when the JDK exposes it. */
    Optional<Long> processCpuNanos() {
        return os.map(com.sun.management.OperatingSystemMXBean::getProcessCpuTime).filter(n -> n >= 0);
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
