package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.gateway.core.fleet.FleetCursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Page cursors on the wire: base64url of the last row's sort key and id; opaque to the console. */
final class Cursors {
    private Cursors() {
    }

    static String encode(FleetCursor cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (cursor.key() + "\n" + cursor.deviceId()).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<FleetCursor> decode(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(wire), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return Optional.of(new FleetCursor(text.substring(0, nl), text.substring(nl + 1)));
        } catch (IllegalArgumentException e) {
            throw new AdminRefusal(AdminErrorCode.MALFORMED, "cursor BAD_FORMAT: not a cursor this gateway issued");
        }
    }
}
