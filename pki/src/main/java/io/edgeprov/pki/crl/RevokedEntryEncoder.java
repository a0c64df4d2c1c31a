package io.edgeprov.pki.crl;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes one revokedCertificates entry of a TBSCertList as DER:
 * {@code SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions SEQUENCE OPTIONAL }}.
 *
 * <p>BouncyCastle's {@code Time(Date)} formats through a new {@code SimpleDateFormat} each time, which
 * was 90 % of a 100,000-entry build when every entry had its own second (docs/decisions/0002); here the
 * date is written from its fields. The extensions, one reason code at most, are ready-made DER per
 * reason. Times follow RFC 5280 §4.1.2.5 as BouncyCastle does: UTCTime for 1950-2049, GeneralizedTime
 * otherwise, always to the second with a {@code Z}.
 */
final class RevokedEntryEncoder {
    private static final int UTC_TIME_LENGTH = 13; // YYMMDDHHMMSSZ
    private static final int GENERALIZED_TIME_LENGTH = 15; // YYYYMMDDHHMMSSZ

    /** DER of {@code SEQUENCE { reasonCode extension }} by reason code; null for unspecified (left out). */
    private final byte[][] extensionsByReason;
    // Consecutive entries often share their second (a device's certificates are revoked together): reuse it.
    private long lastSecond = Long.MIN_VALUE;
    private final byte[] lastTime = new byte[2 + GENERALIZED_TIME_LENGTH];
    private int lastTimeLength;

    RevokedEntryEncoder(byte[][] extensionsByReason) {
        this.extensionsByReason = extensionsByReason.clone();
    }

    void write(RevokedCertificate entry, DerBuffer out) {
        byte[] serial = entry.serial().toByteArray();
        long second = entry.revokedAt().getEpochSecond();
        if (second != lastSecond) {
            lastTimeLength = time(second, lastTime);
            lastSecond = second;
        }
        byte[] extensions = extensionsByReason[entry.reason().code()];
        int body = DerBuffer.headerLength(serial.length) + serial.length + lastTimeLength
                + (extensions == null ? 0 : extensions.length);
        out.header(DerBuffer.SEQUENCE, body);
        out.header(DerBuffer.INTEGER, serial.length);
        out.write(serial);
        out.write(lastTime, 0, lastTimeLength);
        if (extensions != null) {
            out.write(extensions);
        }
    }

    /** Writes the Time's tag, length and characters into {@code into}; returns how many octets. */
    static int time(long epochSecond, byte[] into) {
        LocalDateTime at = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = at.getYear();
        int i = 0;
        if (year >= 1950 && year <= 2049) {
            into[i++] = DerBuffer.UTC_TIME;
            into[i++] = UTC_TIME_LENGTH;
            i = twoDigits(year % 100, into, i);
        } else {
            if (year < 0 || year > 9999) {
                throw new IllegalArgumentException("a revocation date must fall in the years 0 to 9999, was " + year);
            }
            into[i++] = DerBuffer.GENERALIZED_TIME;
            into[i++] = GENERALIZED_TIME_LENGTH;
            i = twoDigits(year / 100, into, i);
            i = twoDigits(year % 100, into, i);
        }
        i = twoDigits(at.getMonthValue(), into, i);
        i = twoDigits(at.getDayOfMonth(), into, i);
        i = twoDigits(at.getHour(), into, i);
        i = twoDigits(at.getMinute(), into, i);
        i = twoDigits(at.getSecond(), into, i);
        into[i++] = 'Z';
        return i;
    }

    private static int twoDigits(int value, byte[] into, int at) {
        into[at] = (byte) ('0' + value / 10);
        into[at + 1] = (byte) ('0' + value % 10);
        return at + 2;
    }
}
