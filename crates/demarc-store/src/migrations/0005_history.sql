-- Undo and redo through the decision log. `revert` holds, as JSON, the state a change replaced
-- (so that restoring it undoes the change); `undoes` points at the entry an undo or redo
-- reverted; `batch` groups the entries of one change, such as a bulk change of many controls.
ALTER TABLE decision ADD COLUMN revert TEXT;
ALTER TABLE decision ADD COLUMN undoes INTEGER REFERENCES decision (id);
ALTER TABLE decision ADD COLUMN batch INTEGER;
