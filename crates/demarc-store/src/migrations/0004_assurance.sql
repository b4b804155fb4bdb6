-- Vendor assurance: attestations, what they cover, and vendor reviews.

-- One attestation of a provider: a SOC 2 report (by reference, never the report), a HIPAA BAA,
-- a PCI DSS AOC, an ISO 27001 certificate or a FedRAMP authorization. The fields of each kind
-- live in `details` as JSON (demarc-core's `AttestationDetails`), validated before every write;
-- the kind is also a column so that a file can be queried without parsing JSON.
CREATE TABLE attestation (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider (id),
    kind        TEXT NOT NULL CHECK (kind IN ('soc2', 'baa', 'aoc', 'iso27001', 'fedramp')),
    details     TEXT NOT NULL CHECK (json_valid(details)),
    created_at  TEXT NOT NULL
);

-- The services of the engagement an attestation covers.
CREATE TABLE attestation_service (
    attestation_id INTEGER NOT NULL REFERENCES attestation (id) ON DELETE CASCADE,
    service_id     INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    PRIMARY KEY (attestation_id, service_id)
);

-- The periodic review of a vendor (SOC 2 CC9.2): the last one and the next one due.
CREATE TABLE vendor_review (
    provider_id   INTEGER PRIMARY KEY REFERENCES provider (id),
    last_reviewed TEXT,
    next_review   TEXT,
    CHECK (last_reviewed IS NOT NULL OR next_review IS NOT NULL)
);
