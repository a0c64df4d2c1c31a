package io.edgeprov.gateway.core.revocation;

import java.util.List;
import java.util.Objects;

/**
 * What a revocation would do, asked before it runs: the devices it would cut off (they hold a current
 * certificate), and those it would leave as they are.
 *
 * @param target the devices asked for
 * @param toCutOff devices holding a current certificate, in target order
 * @param certificates how many certificates those hold in all
 * @param alreadyRevoked devices recorded revoked, which a revocation leaves unchanged
 * @param withoutCertificate known devices neither revoked nor holding a current certificate
 * @param unknown listed ids the registry has never heard of
 */
public record RevocationPreview(RevocationTarget target, List<String> toCutOff, int certificates, int alreadyRevoked,
        int withoutCertificate, int unknown) {
    public RevocationPreview {
        Objects.requireNonNull(target, "target");
        toCutOff = List.copyOf(toCutOff);
    }

    /** How many devices it would cut off. */
    public int devices() {
        return toCutOff.size();
    }
}
