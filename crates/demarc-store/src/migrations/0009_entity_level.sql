-- Entity-level controls: the client's own, once for the engagement (policies, governance,
-- people, risk), with one row and no service. Their records live in tables of their own, keyed
-- by (framework, control), rather than as rows of `control_row` with no service: a NULL inside
-- a primary key would make two "no service" rows of one control distinct.
--
-- The per-service rows an earlier version recorded on these controls stay in `control_row` and
-- `control_evidence`, untouched: the entity row reads them, field by field, where it records
-- nothing itself (see demarc-core's `entity.rs`). A text column stored empty ('') was cleared
-- on purpose and takes nothing from them.
CREATE TABLE entity_row (
    framework        TEXT NOT NULL,
    control_id       TEXT NOT NULL,
    override_owner   TEXT,
    reason           TEXT,
    customer_part    TEXT,
    row_owner        TEXT,
    reviewed_by      TEXT,
    reviewed_on      TEXT,
    na_justification TEXT,
    PRIMARY KEY (framework, control_id),
    CHECK ((override_owner IS NULL) = (reason IS NULL)),
    CHECK ((reviewed_by IS NULL) = (reviewed_on IS NULL))
);

-- Evidence references of an entity row. Its ids are taken after every id of both evidence
-- tables, so that a row showing evidence of both never shows one id twice.
CREATE TABLE entity_evidence (
    id         INTEGER PRIMARY KEY,
    framework  TEXT NOT NULL,
    control_id TEXT NOT NULL,
    title      TEXT NOT NULL CHECK (trim(title) <> ''),
    location   TEXT NOT NULL DEFAULT '',
    date       TEXT,
    owner      TEXT,
    due_date   TEXT
);

CREATE INDEX entity_evidence_row ON entity_evidence (framework, control_id);

-- A control a person moved between the entity level and the system level, with the reason.
-- Controls not listed are where the layer map puts them.
CREATE TABLE control_scope (
    framework  TEXT NOT NULL,
    control_id TEXT NOT NULL,
    scope      TEXT NOT NULL CHECK (scope IN ('entity', 'system')),
    reason     TEXT NOT NULL CHECK (trim(reason) <> ''),
    PRIMARY KEY (framework, control_id)
);
