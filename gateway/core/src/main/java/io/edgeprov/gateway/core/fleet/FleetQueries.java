package io.edgeprov.gateway.core.fleet;

import io.edgeprov.gateway.core.audit.AuditEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only, paged questions about the fleet. Implementations filter, sort and page in the store (SQL with
 * indexes), so no answer holds more than one page of rows, whatever the fleet's size.
 */
public interface FleetQueries {

    /** One page of devices. */
    Page<DeviceSummary> devices(FleetQuery query);

    /** The ids of every device the filter covers, in id order, at most {@code limit} (for a search revocation). */
    List<String> deviceIds(FleetFilter filter, int limit);

    /** Devices the filter covers. */
    long count(FleetFilter filter);

    Optional<DeviceSummary> device(String deviceId);

    /** One page of the devices an enrollment admitted, by device id. */
    Page<DeviceSummary> admittedBy(String enrollmentId, Optional<FleetCursor> after, int size);

    /** How many devices each enrollment admitted (enrollments that admitted none are absent). */
    Map<String, Long> admittedCounts();

    /** A page of the audit trail, newest first. */
    List<AuditEntry> audit(AuditQuery query);

    /** Devices whose newest unrevoked certificate's notAfter lies in {@code [from, to)}. */
    long certificatesExpiring(Instant from, Instant to);

    /** Issuance and renewal per minute since {@code from}, oldest first, minutes without any omitted. */
    List<MinuteCounts> issuancePerMinute(Instant from);

    /** Refusals of device requests since {@code from}, by wire code. */
    Map<String, Long> refusalsSince(Instant from);

    /**
     * Refused device requests since {@code from} of each of {@code deviceIds} (one page's devices, at most 500);
     * devices without any are absent.
     */
    Map<String, RefusalTally> deviceRefusalsSince(Collection<String> deviceIds, Instant from);

    /** Devices in the registry. */
    long deviceCount();
}
