-- Operators as principals: the people the admin plane and the CLI act for, identified by the SHA-256 of
-- their client certificate's DER, each with one role. Disabling keeps the row (the audit trail names them).
CREATE TABLE operator (
    name               TEXT    PRIMARY KEY NOT NULL,
    role               TEXT    NOT NULL CHECK (role IN ('TECHNICIAN', 'OPERATOR', 'AUDITOR')),
    certificate_sha256 BLOB    NOT NULL UNIQUE CHECK (length(certificate_sha256) = 32),
    enabled            INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    added_by           TEXT    NOT NULL,
    added_at_ms        INTEGER NOT NULL
) STRICT;
