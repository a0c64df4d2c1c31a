-- The running gateway's look for revocations another process recorded reads only the decisions recorded
-- since its last look (revocation rowids) and their certificates: this index joins them without a scan.
CREATE INDEX certificate_by_revocation_event ON certificate (revocation_event) WHERE revocation_event IS NOT NULL;
