-- The engagement's locale (a language tag such as en-GB whose date style the app shows; empty
-- for the system's own) and whether the file is sample data (the demo) rather than a client's.
ALTER TABLE engagement ADD COLUMN locale TEXT NOT NULL DEFAULT '';
ALTER TABLE engagement ADD COLUMN sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1));
