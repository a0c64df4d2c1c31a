package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.RevocationNotice;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One device's memory of its revocation. It tells a notice about the certificate the device holds from
 * one about another (the gateway revokes every current certificate of a device and sends a notice for
 * each, so the one a renewal superseded gets a notice too), and it lets exactly one of the three paths
 * claim the revocation: the notice, the refused reconnect and the refused renewal often all arrive for
 * one revocation, from different threads, and the device must report it once.
 */
final class RevocationWatch {
    /** What a notice means to the device that received it. */
    sealed interface NoticeVerdict {
        /** The notice names the certificate the device holds: it is revoked. */
        record ForHeldCertificate(NoticedRevocation revocation) implements NoticeVerdict {
        }

        /** The notice names another certificate or device; {@code detail} says which and what the device holds. */
        record ForOtherCertificate(String detail) implements NoticeVerdict {
        }
    }

    private final AtomicReference<NoticedRevocation> first = new AtomicReference<>();

    /**
     * Compares the notice with the certificate the device holds now. Serials are compared as numbers,
     * because the notice's hex and the certificate's may differ in leading zeros.
     */
    static NoticeVerdict judge(DeviceId self, RevocationNotice notice, Optional<DeviceCredential> held, Instant now) {
        if (!notice.deviceId().equals(self)) {
            return new NoticeVerdict.ForOtherCertificate("notice names device " + notice.deviceId().value()
                    + ", serial " + notice.serial());
        }
        if (held.isEmpty()) {
            return new NoticeVerdict.ForOtherCertificate("notice for serial " + notice.serial() + " while holding no certificate");
        }
        BigInteger heldSerial = held.get().certificate().getSerialNumber();
        if (!new BigInteger(notice.serial(), 16).equals(heldSerial)) {
            return new NoticeVerdict.ForOtherCertificate("notice for serial " + notice.serial() + " " + notice.reason().rfcName()
                    + ", holding serial " + heldSerial.toString(16));
        }
        return new NoticeVerdict.ForHeldCertificate(new NoticedRevocation(RevocationPath.NOTICE, notice.serial(), now,
                Optional.of(notice.revokedAt()), Optional.of(notice.reason())));
    }

    /** A revocation learned from a refused connect or renewal, which names no time: the serial is the one presented. */
    static NoticedRevocation refused(RevocationPath path, DeviceCredential presented, Instant now) {
        return new NoticedRevocation(path, presented.certificate().getSerialNumber().toString(16), now, Optional.empty(),
                Optional.empty());
    }

    /** Whether {@code revocation} is the first one this device noticed; every later one is a repeat. */
    boolean claim(NoticedRevocation revocation) {
        return first.compareAndSet(null, revocation);
    }

    boolean revoked() {
        return first.get() != null;
    }

    Optional<NoticedRevocation> noticed() {
        return Optional.ofNullable(first.get());
    }
}
