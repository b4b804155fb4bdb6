-- Provider matrices imported from spreadsheets, versioned, with per-row provenance.

-- One import of one provider's matrix. A newer import of the same provider is the next version;
-- older versions stay, so the changes between them can be listed.
CREATE TABLE provider_matrix (
    id          INTEGER PRIMARY KEY,
    provider    TEXT NOT NULL COLLATE NOCASE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    layout      TEXT NOT NULL,
    doc_title   TEXT,
    doc_version TEXT,
    doc_date    TEXT,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (provider, version)
);

-- The services of the engagement a matrix version applies to.
CREATE TABLE provider_matrix_service (
    matrix_id  INTEGER NOT NULL REFERENCES provider_matrix (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    PRIMARY KEY (matrix_id, service_id)
);

-- One table found in the file (a sheet may hold one): where its header and columns are.
CREATE TABLE provider_matrix_table (
    id                        INTEGER PRIMARY KEY,
    matrix_id                 INTEGER NOT NULL REFERENCES provider_matrix (id) ON DELETE CASCADE,
    position                  INTEGER NOT NULL,
    sheet                     TEXT NOT NULL,
    layout                    TEXT NOT NULL,
    title                     TEXT,
    header_first              INTEGER NOT NULL,
    header_last               INTEGER NOT NULL,
    id_column                 TEXT NOT NULL,
    provider_narrative_column TEXT,
    customer_narrative_column TEXT
);

-- One ownership value of one row, as written and as read. A row has one value, except in
-- matrices with one ownership column per service model (CSA CCM), which give one per `scope`.
-- Provider-side labels are stored as `provider`, never `inherited`: that needs vendor assurance.
CREATE TABLE provider_matrix_row (
    id                    INTEGER PRIMARY KEY,
    table_id              INTEGER NOT NULL REFERENCES provider_matrix_table (id) ON DELETE CASCADE,
    row_number            INTEGER NOT NULL CHECK (row_number >= 1),
    control_id            TEXT NOT NULL,
    control_id_normalized TEXT NOT NULL,
    scope                 TEXT,
    label                 TEXT NOT NULL,
    ownership             TEXT NOT NULL CHECK (ownership IN ('customer', 'shared', 'provider',
                              'not_applicable', 'undetermined')),
    label_known           INTEGER NOT NULL CHECK (label_known IN (0, 1)),
    -- The letters of the column(s) the label was read from, comma-separated (`C` or `E,H`).
    ownership_columns     TEXT NOT NULL,
    provider_narrative    TEXT,
    customer_narrative    TEXT,
    section               TEXT
);

CREATE INDEX provider_matrix_row_table ON provider_matrix_row (table_id, row_number);

-- Labels the crosswalk does not know, mapped once by a person and applied on every later import.
-- `label` is the folded form (case, spacing and look-alike letters ignored).
CREATE TABLE label_mapping (
    label     TEXT PRIMARY KEY,
    original  TEXT NOT NULL,
    ownership TEXT NOT NULL CHECK (ownership IN ('customer', 'shared', 'inherited', 'provider',
                  'not_applicable', 'undetermined')),
    set_at    TEXT NOT NULL,
    set_by    TEXT NOT NULL
);
