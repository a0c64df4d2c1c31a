-- A running gateway looks every few seconds for revocations written by another process (the CLI's
-- `revoke` beside it), so it can cut those devices off and republish the CRL at once. This partial
-- index holds only revoked certificates, by revocation time: the look-up reads the few new rows,
-- not the certificate table, which grows with every renewal.
CREATE INDEX certificate_revoked_by_time ON certificate (revoked_at_ms) WHERE revoked_at_ms IS NOT NULL;
