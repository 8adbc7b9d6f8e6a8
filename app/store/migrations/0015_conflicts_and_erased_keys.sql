-- Issue 20, catch-up: the open conflicts kept as a table, and the keys of
-- erased cases destroyed.

-- Every open conflict (the overview's "open conflicts" per worker read this,
-- not the whole store): a field with two or more distinct values among its
-- heads (kind 'field'), or a person removed while a change the removal did not
-- see still names them (kind 'removed_named', field 'removed'). The merge keeps
-- it (``OpLog._track_conflicts``) for each thing an operation touches; case_id
-- is the case of the thing (``OpLog.case_of``).
CREATE TABLE open_conflicts (
    kind      TEXT NOT NULL CHECK (kind IN ('field', 'removed_named')),
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    case_id   TEXT NOT NULL,
    PRIMARY KEY (kind, entity, entity_id, field)
) WITHOUT ROWID;
CREATE INDEX open_conflicts_case ON open_conflicts (case_id);

-- What the store holds now: fields in conflict ...
INSERT INTO open_conflicts (kind, entity, entity_id, field, case_id)
SELECT 'field', c.entity, c.entity_id, c.field,
       (SELECT o.case_id FROM operations o
        WHERE o.entity = c.entity AND o.entity_id = c.entity_id LIMIT 1)
FROM field_conflicts c;

-- ... and people removed (every head of 'removed' true) while a change not
-- acknowledged by the removal still names them: an appended row always, a
-- field's value while it is a head of that field (``Replica._removal_conflict``).
INSERT INTO open_conflicts (kind, entity, entity_id, field, case_id)
SELECT 'removed_named', 'persons', p.entity_id, 'removed',
       (SELECT o.case_id FROM operations o
        WHERE o.entity = 'persons' AND o.entity_id = p.entity_id LIMIT 1)
FROM (SELECT DISTINCT entity_id FROM field_heads
      WHERE entity = 'persons' AND field = 'removed' AND value = 'true') p
WHERE NOT EXISTS (SELECT 1 FROM field_heads h WHERE h.entity = 'persons'
                  AND h.entity_id = p.entity_id AND h.field = 'removed' AND h.value <> 'true')
  AND EXISTS (SELECT 1 FROM op_refs r JOIN operations n ON n.op_id = r.op_id
              WHERE r.person_id = p.entity_id
                AND r.op_id NOT IN (SELECT a.op_id FROM op_acks a
                                    WHERE a.person_id = p.entity_id)
                AND (n.kind = 'append' OR EXISTS (
                     SELECT 1 FROM field_heads h WHERE h.entity = n.entity
                     AND h.entity_id = n.entity_id AND h.op_id = n.op_id)));

-- The ids (never the keys) of the keys of erased cases: a message sealed with
-- one is refused as of an erased case, not held for a key that never comes,
-- and such a key arriving later is not kept.
CREATE TABLE erased_keys (
    key_id BLOB PRIMARY KEY CHECK (length(key_id) = 16)
) WITHOUT ROWID;

-- Cases erased before this migration kept their keys: destroyed now.
INSERT INTO erased_keys (key_id)
SELECT key_id FROM team_keys WHERE scope IN (SELECT case_id FROM erased_cases);
DELETE FROM team_held WHERE key_id IN (SELECT key_id FROM erased_keys);
DELETE FROM team_keys WHERE scope IN (SELECT case_id FROM erased_cases);
