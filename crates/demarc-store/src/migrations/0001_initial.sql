-- The engagement: exactly one row.
CREATE TABLE engagement (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    client           TEXT NOT NULL,
    name             TEXT NOT NULL,
    scope            TEXT NOT NULL DEFAULT '',
    audit_start      TEXT,
    audit_end        TEXT,
    document_version TEXT NOT NULL DEFAULT '0.1',
    created_at       TEXT NOT NULL
);

CREATE TABLE engagement_framework (
    framework TEXT PRIMARY KEY
);

-- The preparer (one) and the reviewers, in order.
CREATE TABLE engagement_person (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('preparer', 'reviewer')),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE provider (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE service (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider (id),
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    model       TEXT NOT NULL,
    sensitivity TEXT NOT NULL DEFAULT 'medium'
);

CREATE TABLE service_data_type (
    service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    data_type  TEXT NOT NULL,
    PRIMARY KEY (service_id, data_type)
);

CREATE TABLE service_framework (
    service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    framework  TEXT NOT NULL,
    PRIMARY KEY (service_id, framework)
);

-- One row per layer of each service. The default is stored so that a file keeps the defaults
-- it was built with even if a later version of the table changes.
CREATE TABLE service_layer (
    service_id     INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    layer          TEXT NOT NULL CHECK (layer IN ('data', 'identity_access', 'endpoints',
                       'service_config', 'application', 'identity_infra', 'runtime',
                       'orchestration', 'network_controls', 'os', 'virtualization',
                       'physical_hosts', 'physical_network', 'physical_datacenter')),
    default_owner  TEXT NOT NULL,
    override_owner TEXT,
    reason         TEXT,
    PRIMARY KEY (service_id, layer),
    CHECK ((override_owner IS NULL) = (reason IS NULL))
);

-- Append-only: what changed, from what to what, why, who and when.
CREATE TABLE decision (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    subject   TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason    TEXT
);

CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only');
END;

CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only');
END;
