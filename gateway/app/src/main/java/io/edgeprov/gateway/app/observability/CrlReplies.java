package io.edgeprov.gateway.app.observability;

import io.edgeprov.gateway.app.observability.GetOnlyHttpServer.Reply;
import io.edgeprov.pki.crl.SignedCrl;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The current CRL over HTTP, where device certificates' CRL distribution point sends relying parties:
 * {@code /crl} in DER as RFC 5280 §4.2.1.13 and RFC 2585 ask ({@code application/pkix-crl}),
 * {@code /crl.pem} for people and tools that want text. 503 until the gateway signed its first CRL.
 *
 * <p>A CRL of 100,000 entries is about 4.8 MB, so the answer of the CRL in force is kept and reused
 * until a newer one is signed, rather than copied and (for PEM) Base64-encoded on every request.
 */
final class CrlReplies {
    static final String DER_TYPE = "application/pkix-crl";
    static final String PEM_TYPE = "application/x-pem-file";
    private static final Reply NOT_YET = Reply.text(503, "text/plain; charset=utf-8",
            "no CRL has been signed yet; the gateway signs one as it starts\n");

    /** The answers for one CRL, made once. */
    private record Answers(SignedCrl crl, Reply der, Reply pem) {
    }

    private final Supplier<Optional<SignedCrl>> current;
    private volatile Optional<Answers> cached = Optional.empty();

    CrlReplies(Supplier<Optional<SignedCrl>> current) {
        this.current = current;
    }

    Reply der() {
        return answers().map(Answers::der).orElse(NOT_YET);
    }

    Reply pem() {
        return answers().map(Answers::pem).orElse(NOT_YET);
    }

    private Optional<Answers> answers() {
        Optional<SignedCrl> crl = current.get();
        if (crl.isEmpty()) {
            return Optional.empty();
        }
        Optional<Answers> known = cached;
        // Same object: the revocation service hands out the CRL it built last until it builds another.
        if (known.isPresent() && known.get().crl() == crl.get()) {
            return known;
        }
        Answers made = answersFor(crl.get());
        cached = Optional.of(made);
        return cached;
    }

    private static Answers answersFor(SignedCrl crl) {
        byte[] der = crl.der();
        // The CRL number names this content: a cache or a curl -z can tell a new CRL from the one it holds.
        Map<String, String> headers = Map.of(
                "ETag", "\"crl-" + crl.number().toString(16) + "\"",
                "Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(crl.thisUpdate().atOffset(ZoneOffset.UTC)),
                "Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(crl.nextUpdate().atOffset(ZoneOffset.UTC)));
        String pem = "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END X509 CRL-----\n";
        return new Answers(crl, new Reply(200, DER_TYPE, der, headers),
                new Reply(200, PEM_TYPE, pem.getBytes(StandardCharsets.US_ASCII), headers));
    }
}
