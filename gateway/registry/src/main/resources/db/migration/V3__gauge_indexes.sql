-- Partial indexes for the gauges read on every scrape, so neither read walks the whole table:
-- edgeprov_challenges_open counts unconsumed challenges that have not expired, and
-- edgeprov_certificates_active (with the oldest active certificate's age) scans unrevoked certificates
-- that have not expired; a consumed or revoked row leaves its index. The always-NULL column of each
-- index's WHERE is indexed too: without it SQLite reads every row to re-check that column.
CREATE INDEX challenge_open_by_expiry ON challenge (expires_at_ms, consumed_at_ms) WHERE consumed_at_ms IS NULL;
CREATE INDEX certificate_active_by_expiry ON certificate (not_after_ms, not_before_ms, revoked_at_ms)
    WHERE revoked_at_ms IS NULL;
