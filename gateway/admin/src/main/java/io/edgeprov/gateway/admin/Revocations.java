package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.revocation.BatchRevocationOutcome;
import io.edgeprov.gateway.core.revocation.RevocationPreview;
import io.edgeprov.gateway.core.revocation.RevocationTarget;
import java.util.Optional;

/**
 * The core's revocation use cases as the admin plane calls them ({@code RevocationService::preview} and
 * {@code ::revoke}); both check the principal's REVOKE permission themselves.
 */
public interface Revocations {
    RevocationPreview preview(Principal actor, RevocationTarget target);

    BatchRevocationOutcome revoke(Principal actor, RevocationTarget target, RevocationReason reason, Optional<String> note);
}
