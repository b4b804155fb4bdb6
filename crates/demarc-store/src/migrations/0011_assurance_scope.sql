-- Vendor assurance as an assessor reads it: where a service runs, services an attestation
-- covers outside its stated boundary (with the reason), how far a bridge letter may reach, the
-- client's complementary subservice organization controls per provider, and the decisions
-- recorded on the per-service CUEC rows of earlier versions carried onto the report's CUECs.

-- The region a service runs in (`us-east-1`), checked against a FedRAMP package's regions.
ALTER TABLE service ADD COLUMN region TEXT;

-- Why an attestation covers a service outside its boundary, regions or eligible services.
ALTER TABLE attestation_service ADD COLUMN outside_reason TEXT
    CHECK (outside_reason IS NULL OR length(trim(outside_reason)) > 0);

-- How many months past a SOC 2 period end a bridge letter may cover; NULL means 3.
ALTER TABLE engagement ADD COLUMN bridge_letter_months INTEGER
    CHECK (bridge_letter_months BETWEEN 1 AND 12);

-- What the client's own report expects a provider to do (complementary subservice
-- organization controls), and the client's criteria it supports (a JSON array of IDs).
CREATE TABLE csoc (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider (id),
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    criteria    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(criteria)),
    created_at  TEXT NOT NULL
);

-- Earlier versions made one row per CUEC and service (control `CUEC-<report>.<n>`). A CUEC now
-- belongs to its report once: its person accountable and first evidence reference move onto
-- it (the first service's that has one). The old rows stay where they are, unread.
UPDATE attestation SET details = json_set(details, '$.cuecs', (
    SELECT json_group_array(json_object(
        'text', c.value,
        'criteria', json('[]'),
        'owner', (
            SELECT r.row_owner FROM control_row r
            WHERE r.framework = 'soc2' AND r.row_owner IS NOT NULL
              AND r.control_id = 'CUEC-' || attestation.id || '.' || (c.key + 1)
            ORDER BY r.service_id LIMIT 1),
        'evidence', (
            SELECT e.title || ': ' || e.location FROM control_evidence e
            WHERE e.framework = 'soc2'
              AND e.control_id = 'CUEC-' || attestation.id || '.' || (c.key + 1)
            ORDER BY e.id LIMIT 1)))
    FROM (SELECT key, value FROM json_each(attestation.details, '$.cuecs') ORDER BY key) c))
WHERE kind = 'soc2' AND json_type(details, '$.cuecs') = 'array'
  AND json_array_length(details, '$.cuecs') > 0;
