-- The FedRAMP baseline the engagement is assessed against; NULL means the default (moderate).
ALTER TABLE engagement ADD COLUMN fedramp_level TEXT
    CHECK (fedramp_level IN ('high', 'moderate', 'low', 'li_saas'));

-- What a person decided for one (service, control) row of the control matrix. Only what a
-- person sets is stored: the default owner is computed from the layers on every read.
CREATE TABLE control_row (
    service_id       INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    framework        TEXT NOT NULL,
    control_id       TEXT NOT NULL,
    override_owner   TEXT,
    reason           TEXT,
    customer_part    TEXT,
    row_owner        TEXT,
    reviewed_by      TEXT,
    reviewed_on      TEXT,
    na_justification TEXT,
    PRIMARY KEY (service_id, framework, control_id),
    CHECK ((override_owner IS NULL) = (reason IS NULL)),
    CHECK ((reviewed_by IS NULL) = (reviewed_on IS NULL))
);

-- Evidence references of a row: where the evidence lives, never the evidence itself.
CREATE TABLE control_evidence (
    id         INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    framework  TEXT NOT NULL,
    control_id TEXT NOT NULL,
    title      TEXT NOT NULL CHECK (trim(title) <> ''),
    location   TEXT NOT NULL DEFAULT '',
    date       TEXT,
    owner      TEXT,
    due_date   TEXT
);

CREATE INDEX control_evidence_row ON control_evidence (service_id, framework, control_id);
