-- The newest clock reading (issue 17): the first change after an unlock,
-- the audit entry of the unlock itself, starts the device's clock after the
-- newest operation the store holds (``OpLog._w``: max(hlc)). Without an
-- index that read every operation: 250 ms (780 ms from a cold disk cache)
-- on the UI thread at every unlock of a team lead's store of 30,000 cases,
-- 1,000,000 operations. With it: one step down the index.
CREATE INDEX operations_hlc ON operations (hlc);
