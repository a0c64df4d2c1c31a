package io.edgeprov.sim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses the command line's durations, broker addresses and PEM files. */
final class CliConverters {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):(\\d{1,5})");

    private CliConverters() {
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT1M30S}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = SHORT_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 20s, 2m, 1h or PT1M30S");
            }
        }
    }

    /** A broker address, {@code host:port} or {@code [v6addr]:port}. */
    record BrokerAddress(String host, int port) {
        BrokerAddress {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host: empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " is not 1..65535");
            }
        }
    }

    static final class BrokerConverter implements ITypeConverter<BrokerAddress> {
        @Override
        public BrokerAddress convert(String value) {
            Matcher m = HOST_PORT.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not host:port");
            }
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            try {
                return new BrokerAddress(host, Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    /** Every certificate in a PEM (or DER) file. */
    static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new CertificateException(file + " holds no certificate");
            }
            return certificates;
        }
    }
}
