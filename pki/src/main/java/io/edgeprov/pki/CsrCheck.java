package io.edgeprov.pki;

import java.security.PublicKey;
import java.util.Objects;

/** The outcome of checking a PKCS#10 request: its verified key, or the reason it was refused. */
public sealed interface CsrCheck {

    /** The request is well formed, its key is allowed and its signature verifies. */
    record Accepted(PublicKey publicKey, KeyAlgorithm keyAlgorithm, String requestedSubject) implements CsrCheck {
        public Accepted {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
            Objects.requireNonNull(requestedSubject, "requestedSubject");
        }
    }

    /** The request was refused; {@code detail} is short, safe to show a device, and names what was wrong. */
    record Refused(CsrRefusal reason, String detail) implements CsrCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
