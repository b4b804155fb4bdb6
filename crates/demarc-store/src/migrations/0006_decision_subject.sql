-- What each decision-log entry is about, as data (demarc-core's `Subject` as JSON): the kind of
-- thing changed and its ids, so that an export of some services and the UI select entries
-- without reading the subject's text back. A side table keyed by the entry, rather than columns
-- of `decision`, because the log's rows are never updated, not even by a migration: the entries
-- written before this version keep their bytes, and this table is append-only in the same way.
CREATE TABLE decision_subject (
    decision_id INTEGER PRIMARY KEY REFERENCES decision (id),
    subject     TEXT NOT NULL CHECK (json_valid(subject) AND json_type(subject, '$.kind') = 'text')
);

CREATE TRIGGER decision_subject_no_update BEFORE UPDATE ON decision_subject
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only');
END;

CREATE TRIGGER decision_subject_no_delete BEFORE DELETE ON decision_subject
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only');
END;

-- The entries written before: their subject is text that names a service or a provider quoted
-- as Rust's `{:?}` writes it (`service "EC2" layer os`). Each is matched against the names the
-- file holds, quoted the same way, so the ids come from the tables, not from reading text.
-- Services and providers are never removed or renamed, so every name is still there.
CREATE TEMP TABLE quoted (kind TEXT, id INTEGER, name TEXT, head TEXT);

INSERT INTO quoted
SELECT 'service', id, name, 'service "' || replace(replace(replace(replace(replace(name,
           '\', '\\'), '"', '\"'), char(10), '\n'), char(13), '\r'), char(9), '\t') || '"'
FROM service
UNION ALL
SELECT 'provider', id, name, 'provider "' || replace(replace(replace(replace(replace(name,
           '\', '\\'), '"', '\"'), char(10), '\n'), char(13), '\r'), char(9), '\t') || '"'
FROM provider;

-- A service added: `service "NAME"`; its model: `service "NAME" model`; a layer:
-- `service "NAME" layer LAYER`.
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT d.id, json_object('kind', 'service', 'service_id', q.id, 'service', q.name)
FROM decision d JOIN quoted q ON q.kind = 'service' AND d.subject = q.head;

INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT d.id, json_object('kind', 'model', 'service_id', q.id, 'service', q.name)
FROM decision d JOIN quoted q ON q.kind = 'service' AND d.subject = q.head || ' model';

INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT d.id, json_object('kind', 'layer', 'service_id', q.id, 'service', q.name,
           'layer', substr(d.subject, length(q.head) + 8))
FROM decision d JOIN quoted q ON q.kind = 'service'
    AND substr(d.subject, 1, length(q.head) + 7) = q.head || ' layer '
WHERE substr(d.subject, length(q.head) + 8) IN ('data', 'identity_access', 'endpoints',
    'service_config', 'application', 'identity_infra', 'runtime', 'orchestration',
    'network_controls', 'os', 'virtualization', 'physical_hosts', 'physical_network',
    'physical_datacenter');

-- A row of the control matrix: `service "NAME" control FRAMEWORK CONTROL FIELD`; control ids
-- hold no space, and the field is the last word.
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT id, json_object('kind', 'control', 'service_id', service_id, 'service', service,
           'framework', substr(rest, 1, instr(rest, ' ') - 1),
           'control_id', substr(rest, instr(rest, ' ') + 1,
               length(rest) - instr(rest, ' ') - length(field) - 1),
           'field', field)
FROM (
    SELECT d.id, q.id AS service_id, q.name AS service,
           substr(d.subject, length(q.head) + 10) AS rest, f.field
    FROM decision d
    JOIN quoted q ON q.kind = 'service'
        AND substr(d.subject, 1, length(q.head) + 9) = q.head || ' control '
    JOIN (SELECT 'owner' AS field UNION ALL SELECT 'customer_part'
          UNION ALL SELECT 'na_justification' UNION ALL SELECT 'row_owner'
          UNION ALL SELECT 'reviewed' UNION ALL SELECT 'evidence') f
        ON substr(d.subject, -length(f.field) - 1) = ' ' || f.field
)
WHERE substr(rest, 1, instr(rest, ' ') - 1) IN ('soc2', 'hipaa', 'pci_dss', 'fedramp',
    'nist80053', 'nist_csf', 'iso27001');

-- A framework brought into scope for a service, written with the name unquoted:
-- `service NAME: frameworks`, the framework as the new value.
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT d.id, json_object('kind', 'framework', 'service_id', s.id, 'service', s.name,
           'framework', d.new_value)
FROM decision d JOIN service s ON d.subject = 'service ' || s.name || ': frameworks'
WHERE d.new_value IN ('soc2', 'hipaa', 'pci_dss', 'fedramp', 'nist80053', 'nist_csf',
    'iso27001');

INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT id, json_object('kind', 'fedramp_baseline')
FROM decision WHERE subject = 'engagement FedRAMP baseline';

-- An attestation: `provider "NAME" KIND #ID`. A provider's name may have been typed in another
-- letter case than the one stored; the table's spelling is kept.
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT id, json_object('kind', 'attestation', 'provider', provider,
           'attestation_id', CAST(substr(rest, instr(rest, ' #') + 2) AS INTEGER),
           'attestation', substr(rest, 1, instr(rest, ' #') - 1))
FROM (
    SELECT d.id, q.name AS provider, substr(d.subject, length(q.head) + 2) AS rest
    FROM decision d JOIN quoted q ON q.kind = 'provider'
        AND substr(d.subject, 1, length(q.head) + 1) = (q.head || ' ') COLLATE NOCASE
)
WHERE substr(rest, 1, instr(rest, ' #') - 1) IN ('soc2', 'baa', 'aoc', 'iso27001', 'fedramp')
    AND substr(rest, instr(rest, ' #') + 2) GLOB '[0-9]*'
    AND NOT substr(rest, instr(rest, ' #') + 2) GLOB '*[^0-9]*';

INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT d.id, json_object('kind', 'vendor_review', 'provider', q.name)
FROM decision d JOIN quoted q ON q.kind = 'provider'
    AND d.subject = (q.head || ' vendor review') COLLATE NOCASE;

-- An imported provider matrix: `provider matrix "NAME" version N`, the name as imported.
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT d.id, json_object('kind', 'provider_matrix', 'provider', m.provider,
           'version', m.version)
FROM decision d JOIN provider_matrix m ON d.subject = 'provider matrix "'
    || replace(replace(replace(replace(replace(m.provider, '\', '\\'), '"', '\"'),
           char(10), '\n'), char(13), '\r'), char(9), '\t')
    || '" version ' || m.version;

-- A label mapping: `label mapping "LABEL"`. The label may since have been mapped again under
-- another spelling, so it is read from the text: quotes and backslashes unescaped.
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT id, json_object('kind', 'label_mapping', 'label',
           replace(replace(substr(subject, 16, length(subject) - 16), '\"', '"'), '\\', '\'))
FROM decision WHERE subject GLOB 'label mapping "*"';

-- Whatever is left names nothing the file holds: a scoped export leaves it out. (Every insert
-- above ignores an entry already placed, so the first reading of an entry wins.)
INSERT OR IGNORE INTO decision_subject (decision_id, subject)
SELECT id, json_object('kind', 'unrecognized') FROM decision;

DROP TABLE quoted;
