-- Bewaartermijn (retention): which kind of help a case is, so that the
-- retention rule for that kind applies once the case is closed (status
-- 'closed' and closed_on, both from 0001). The kinds and their periods are
-- data in app/services/retention.py, not fixed here. Existing cases become
-- 'youth' (jeugdhulp): the longest period, so that no case is ever erased
-- too early because its kind was not yet recorded.
ALTER TABLE cases ADD COLUMN case_type TEXT NOT NULL DEFAULT 'youth'
    CHECK (case_type <> '');

-- The list of cases due for erasure is one indexed query.
CREATE INDEX cases_closed ON cases (status, closed_on);
