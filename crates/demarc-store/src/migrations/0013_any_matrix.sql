-- Any matrix gets in: what a row says beyond its ownership, rows read from structured files
-- (OSCAL), and the column-mapping profiles a person made for layouts Demarc does not recognise.

-- The provider's implementation answer as written (CAIQ's Yes / No / NA, OSCAL's
-- implementation status): kept beside the ownership, never read as it.
ALTER TABLE provider_matrix_row ADD COLUMN implementation TEXT;
-- What the importer read about the row beyond its ownership (a feature the customer must
-- configure, a control origination).
ALTER TABLE provider_matrix_row ADD COLUMN note TEXT;
-- Where in a structured file the row was read (a JSON path); spreadsheets give sheet and row.
ALTER TABLE provider_matrix_row ADD COLUMN location TEXT;
-- A provider-side row the provider outsources to a third party (a subservice organisation), or
-- shares with one: CSA CAIQ's `3rd-party outsourced` and `Shared CSP and 3rd-party`.
ALTER TABLE provider_matrix_row ADD COLUMN third_party TEXT
    CHECK (third_party IN ('outsourced', 'shared_with_provider'));

-- The column-mapping profiles a person made for this engagement's files (demarc-core's
-- `MappingProfile` as JSON), by name; the wizard offers one for the next file it fits.
CREATE TABLE mapping_profile (
    name     TEXT PRIMARY KEY COLLATE NOCASE CHECK (trim(name) <> ''),
    profile  TEXT NOT NULL CHECK (json_valid(profile)),
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL
);
