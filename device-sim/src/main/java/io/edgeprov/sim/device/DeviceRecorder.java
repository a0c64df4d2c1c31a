package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.WireErrorCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The mutable, thread-safe side of {@link DeviceLog}: one per device, snapshots on demand. */
final class DeviceRecorder {
    private final Deque<DeviceEvent> events = new ArrayDeque<>();
    private final Deque<Duration> enrollLatencies = new ArrayDeque<>();
    private final Deque<Duration> renewLatencies = new ArrayDeque<>();
    private final Map<WireErrorCode, Integer> refusals = new EnumMap<>(WireErrorCode.class);
    private final Map<DeviceFailure, Integer> failures = new EnumMap<>(DeviceFailure.class);
    private int enrolled;
    private int renewed;
    private int keysRotated;
    private int reattestations;
    private int reconnects;
    private int noticesForOtherCertificates;

    synchronized void record(DeviceEvent event) {
        bounded(events, event);
        switch (event.type()) {
            case ENROLLED -> {
                enrolled++;
                event.latency().ifPresent(l -> bounded(enrollLatencies, l));
            }
            case RENEWED, KEY_ROTATED -> {
                renewed++;
                if (event.type() == DeviceEventType.KEY_ROTATED) {
                    keysRotated++;
                }
                event.latency().ifPresent(l -> bounded(renewLatencies, l));
            }
            case REATTESTING -> reattestations++;
            case RECONNECTED -> reconnects++;
            case NOTICE_FOR_OTHER_CERTIFICATE -> noticesForOtherCertificates++;
            default -> {
                // counted below or only listed
            }
        }
        event.code().ifPresent(c -> refusals.merge(c, 1, Integer::sum));
        event.failure().ifPresent(f -> failures.merge(f, 1, Integer::sum));
    }

    /** @param revocation kept by the device's {@link RevocationWatch}, which stays its single source */
    synchronized DeviceLog snapshot(SimulatedDeviceState state, Optional<NoticedRevocation> revocation) {
        return new DeviceLog(state, enrolled, renewed, keysRotated, reattestations, reconnects, refusals, failures,
                new ArrayList<>(enrollLatencies), new ArrayList<>(renewLatencies), revocation, noticesForOtherCertificates,
                new ArrayList<>(events));
    }

    private static <T> void bounded(Deque<T> deque, T item) {
        if (deque.size() == DeviceLog.MAX_EVENTS) {
            deque.removeFirst();
        }
        deque.addLast(item);
    }
}
