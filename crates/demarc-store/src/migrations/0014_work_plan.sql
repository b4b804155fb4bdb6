-- The work plan: the engagement's team, who has each item or task and by when, and the risks
-- accepted for items.

-- People who may be given items and tasks (the preparer and reviewers sign; the team works).
CREATE TABLE team_member (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
    role TEXT NOT NULL DEFAULT ''
);

-- An item, task group or task (its plan id) given to a person, with a due date.
CREATE TABLE plan_assignment (
    item_id   TEXT PRIMARY KEY,
    person_id INTEGER REFERENCES team_member (id),
    due       TEXT,
    CHECK (person_id IS NOT NULL OR due IS NOT NULL)
);

-- A risk accepted for an item, task group or task: not a gap until it expires.
CREATE TABLE risk_acceptance (
    item_id     TEXT PRIMARY KEY,
    reason      TEXT NOT NULL CHECK (trim(reason) <> ''),
    approver    TEXT NOT NULL CHECK (trim(approver) <> ''),
    expires     TEXT NOT NULL,
    accepted_on TEXT NOT NULL
);
