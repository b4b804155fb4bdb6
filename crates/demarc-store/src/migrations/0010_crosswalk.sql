-- Crosswalks between control frameworks imported from the user's own files (the bundled ones
-- ship in the binary), each pair with the cell it was read from. Imported crosswalks are
-- never changed in place: a later import of another file adds a crosswalk beside them.

CREATE TABLE crosswalk (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- The ID spaces of the source and target controls (`csa_ccm_4`, `soc2_tsc_2017`).
    source      TEXT NOT NULL,
    target      TEXT NOT NULL CHECK (target <> source),
    kind        TEXT NOT NULL CHECK (kind IN ('mapping', 'revision')),
    layout      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    -- Whose mapping it is, its version where known, and the terms it is used under.
    publisher   TEXT NOT NULL,
    version     TEXT,
    licence     TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

-- One source control mapped to one target control, both as written, with the relationship as
-- stated: one of OLIR's, or the source's own grade kept verbatim, or none stated.
CREATE TABLE crosswalk_pair (
    id             INTEGER PRIMARY KEY,
    crosswalk_id   INTEGER NOT NULL REFERENCES crosswalk (id) ON DELETE CASCADE,
    source_id      TEXT NOT NULL,
    target_id      TEXT NOT NULL,
    relationship   TEXT NOT NULL CHECK (relationship IN ('equal', 'subset_of', 'superset_of',
                       'intersects_with', 'not_related', 'graded', 'unstated')),
    grade          TEXT CHECK ((relationship = 'graded') = (grade IS NOT NULL)),
    sheet          TEXT NOT NULL,
    row_number     INTEGER NOT NULL CHECK (row_number >= 1),
    column_letters TEXT,
    note           TEXT
);

CREATE INDEX crosswalk_pair_crosswalk ON crosswalk_pair (crosswalk_id);
