package io.edgeprov.pki.keys;

import java.security.ProviderException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a broken PKCS#11 session (worth re-opening) from a failure that would repeat. SunPKCS11
 * wraps the module's return code in an unexported PKCS11Exception whose message is the CKR_ name,
 * so the code is read from the messages of the cause chain.
 */
final class Pkcs11Failures {
    /** Return codes after which a fresh login or a fresh provider lets the same key sign again. */
    static final Set<String> SESSION_CODES = Set.of(
            "CKR_SESSION_HANDLE_INVALID",
            "CKR_SESSION_CLOSED",
            "CKR_SESSION_COUNT",
            "CKR_USER_NOT_LOGGED_IN",
            "CKR_TOKEN_NOT_PRESENT",
            "CKR_TOKEN_NOT_RECOGNIZED",
            "CKR_DEVICE_REMOVED",
            "CKR_DEVICE_ERROR",
            "CKR_OBJECT_HANDLE_INVALID",
            "CKR_KEY_HANDLE_INVALID",
            "CKR_CRYPTOKI_NOT_INITIALIZED",
            "CKR_GENERAL_ERROR");

    private static final Pattern CODE = Pattern.compile("\\bCKR_[A-Z0-9_]+\\b");
    /** SunPKCS11's own words once it has noticed the token is gone. */
    private static final String TOKEN_REMOVED = "Token has been removed";

    private Pkcs11Failures() {
    }

    /** The first CKR_ code named in the cause chain of {@code failure}. */
    static Optional<String> code(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                Matcher matcher = CODE.matcher(message);
                if (matcher.find()) {
                    return Optional.of(matcher.group());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether re-opening the session (log in again, or rebuild the provider) may cure {@code failure}. */
    static boolean isSessionFailure(Throwable failure) {
        Optional<String> code = code(failure);
        if (code.isPresent()) {
            return SESSION_CODES.contains(code.get());
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderException && t.getMessage() != null && t.getMessage().contains(TOKEN_REMOVED)) {
                return true;
            }
        }
        return false;
    }

    /** A short, secret-free account of {@code failure} for messages: its CKR_ code or its class. */
    static String describe(Throwable failure) {
        return code(failure).orElse(failure.getClass().getSimpleName());
    }
}
