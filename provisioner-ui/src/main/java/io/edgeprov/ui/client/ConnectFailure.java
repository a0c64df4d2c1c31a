package io.edgeprov.ui.client;

import java.util.Objects;

/**
 * Why a session could not be opened, in the words an operator at a factory station can act on. The
 * detail never holds the password or key material.
 */
public final class ConnectFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** One cause per thing the person can fix differently. */
    public enum Cause {
        NO_CERTIFICATE_FILE("No certificate file", "Choose your operator certificate file (.p12)."),
        NOT_A_CERTIFICATE_FILE("Not a certificate file", "This file is not a PKCS#12 operator certificate."),
        WRONG_PASSWORD("Wrong password", "The password does not open this certificate file."),
        NO_OPERATOR_KEY("No operator key", "The file holds no private key with a certificate."),
        BAD_ADDRESS("Bad gateway address", "Type the gateway as host or host:port."),
        UNREACHABLE("Gateway unreachable", "Nothing answers at this address: check the host, the port and the network."),
        UNTRUSTED_GATEWAY("Untrusted gateway", "The gateway's certificate does not chain to the CA of your operator certificate: this may not be your gateway."),
        OPERATOR_REVOKED("Operator refused", "The gateway refused your certificate: it is revoked, disabled or not registered as an operator."),
        NOT_AN_ADMIN_PLANE("No admin plane", "The gateway accepted the connection but does not answer admin requests."),
        FAILED("Connection failed", "The connection failed.");

        private final String title;
        private final String advice;

        Cause(String title, String advice) {
            this.title = title;
            this.advice = advice;
        }

        public String title() {
            return title;
        }

        public String advice() {
            return advice;
        }
    }

    private final Cause cause;

    public ConnectFailure(Cause cause, String detail) {
        super(cause.title() + ": " + cause.advice() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        this.cause = Objects.requireNonNull(cause);
    }

    public ConnectFailure(Cause cause, String detail, Throwable internal) {
        this(cause, detail);
        initCause(internal);
    }

    public Cause reason() {
        return cause;
    }
}
