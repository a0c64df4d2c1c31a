package io.edgeprov.gateway.core.identity;

/**
 * Whether a network source (an IP address, as text) may make one more device request now. The
 * transports know the peer address; the use cases do not. A {@code RateLimiter::tryAcquire} fits.
 */
@FunctionalInterface
public interface SourceAdmission {

    boolean admit(String sourceAddress);

    /** Every source may always ask: for tests and for gateways behind their own rate limiting. */
    static SourceAdmission unlimited() {
        return source -> true;
    }
}
