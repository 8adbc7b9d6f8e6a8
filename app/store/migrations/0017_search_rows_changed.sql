-- A number that changes whenever a case gets or loses its row in the search
-- index (zoeken in de caselijst, issue 17).
--
-- The search asks the index for the row numbers that match and turns them
-- into case ids with a map kept in memory across connections
-- (``app.store.search.RowMap``), instead of looking each hit up in
-- ``search_cases``: on 30,000 cases that lookup was half of the search.
-- The map is only right while the rows it was read from are unchanged, and
-- ``search_cases.id`` can come back for another case once a case is erased
-- (an INTEGER PRIMARY KEY without AUTOINCREMENT). So every insert, delete
-- and update in ``search_cases`` counts here, and the map is read again when the count
-- it was read at is not the current one.

CREATE TABLE search_rows_changed (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL
);
INSERT INTO search_rows_changed (id, count) VALUES (1, 0);

CREATE TRIGGER search_rows_insert AFTER INSERT ON search_cases
BEGIN
    UPDATE search_rows_changed SET count = count + 1 WHERE id = 1;
END;

CREATE TRIGGER search_rows_delete AFTER DELETE ON search_cases
BEGIN
    UPDATE search_rows_changed SET count = count + 1 WHERE id = 1;
END;

CREATE TRIGGER search_rows_update AFTER UPDATE ON search_cases
BEGIN
    UPDATE search_rows_changed SET count = count + 1 WHERE id = 1;
END;
