-- Sign-off: reviews of decisions, document versions and approvals. Each table is append-only
-- like the decision log: a later record says what changed, nothing is rewritten.

-- A review of one decision-log entry: accepted, or returned with a comment.
CREATE TABLE decision_review (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decision (id),
    verdict     TEXT NOT NULL CHECK (verdict IN ('accept', 'return')),
    reviewer    TEXT NOT NULL CHECK (trim(reviewer) <> ''),
    reviewed_on TEXT NOT NULL,
    comment     TEXT,
    at          TEXT NOT NULL,
    CHECK (verdict = 'accept' OR trim(coalesce(comment, '')) <> '')
);

CREATE INDEX decision_review_decision ON decision_review (decision_id);

-- The versions of the engagement's documents, oldest first. A version's changes are the
-- decisions logged after entry `after`.
CREATE TABLE document_version (
    id      INTEGER PRIMARY KEY,
    version TEXT NOT NULL UNIQUE CHECK (trim(version) <> ''),
    after   INTEGER NOT NULL CHECK (after >= 0),
    at      TEXT NOT NULL,
    by      TEXT NOT NULL,
    note    TEXT
);

-- An approval of a version, covering the log up to entry `through`.
CREATE TABLE approval (
    id          INTEGER PRIMARY KEY,
    version     TEXT NOT NULL REFERENCES document_version (version),
    approver    TEXT NOT NULL CHECK (trim(approver) <> ''),
    role        TEXT NOT NULL CHECK (trim(role) <> ''),
    approved_on TEXT NOT NULL,
    through     INTEGER NOT NULL CHECK (through >= 0),
    at          TEXT NOT NULL
);

CREATE TRIGGER decision_review_no_update BEFORE UPDATE ON decision_review
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;

CREATE TRIGGER decision_review_no_delete BEFORE DELETE ON decision_review
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;

CREATE TRIGGER document_version_no_update BEFORE UPDATE ON document_version
BEGIN
    SELECT RAISE(ABORT, 'document versions are append-only');
END;

CREATE TRIGGER document_version_no_delete BEFORE DELETE ON document_version
BEGIN
    SELECT RAISE(ABORT, 'document versions are append-only');
END;

CREATE TRIGGER approval_no_update BEFORE UPDATE ON approval
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;

CREATE TRIGGER approval_no_delete BEFORE DELETE ON approval
BEGIN
    SELECT RAISE(ABORT, 'approvals are append-only');
END;

-- An existing file starts at the version it carries, with every decision so far in it.
INSERT INTO document_version (version, after, at, by, note)
SELECT CASE WHEN trim(document_version) = '' THEN '0.1' ELSE trim(document_version) END, 0,
       created_at, 'Demarc', 'the version the file carried before versions were recorded'
FROM engagement WHERE id = 1;
