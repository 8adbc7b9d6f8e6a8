-- The team (issue 20): this store's team, its members and keys, the key
-- statements waiting to be sent, and what the sync held or refused. The
-- operations themselves travel from the operation log (0010): its outbox is
-- what this device still sends, an op_cursors row ('stream:<team>') how far
-- it has read the team's stream.

-- One row: the team this store belongs to. server_secret (only on the store that made the
-- team) derives every device's server password; server_url is the last server
-- `sync` used (the app syncs with it in the background); membership is the
-- newest signed member list (app/team/keyring.py).
CREATE TABLE team (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    team_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    epoch           INTEGER NOT NULL DEFAULT 0,
    membership      BLOB,
    server_secret   BLOB,
    server_user     TEXT,
    server_password TEXT,
    server_url      TEXT,
    removed         INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    created_at      TEXT NOT NULL
);

-- Every device that is or was a member; removed_at set when an admin took it out.
CREATE TABLE team_members (
    device     TEXT PRIMARY KEY,
    worker     TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    signing    BLOB NOT NULL CHECK (length(signing) = 32),
    exchange   BLOB NOT NULL CHECK (length(exchange) = 32),
    removed_at TEXT
);

-- Case keys (scope = case id) and team keys (scope = '') per epoch.
CREATE TABLE team_keys (
    key_id   BLOB PRIMARY KEY CHECK (length(key_id) = 16),
    scope    TEXT NOT NULL,
    epoch    INTEGER NOT NULL CHECK (epoch >= 1),
    secret   BLOB NOT NULL CHECK (length(secret) = 32),
    given_by TEXT NOT NULL
);
CREATE INDEX team_keys_scope ON team_keys (scope, epoch);

-- Which devices each case key was given to, so a removal or a new device of
-- the same worker knows whom to give the next one.
CREATE TABLE team_key_recipients (
    key_id BLOB NOT NULL REFERENCES team_keys (key_id) ON DELETE CASCADE,
    device TEXT NOT NULL,
    PRIMARY KEY (key_id, device)
);

-- Key statements of this device (member lists, wrapped keys): signed, sent
-- as they are on vw.<team>.keys.<device>; sequence NULL until the server
-- acknowledged them. Not operations: they are about keys, not cases.
CREATE TABLE team_statements (
    op_id      TEXT PRIMARY KEY,
    body       BLOB NOT NULL,
    sequence   INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX team_statements_unsent ON team_statements (sequence) WHERE sequence IS NULL;

-- Messages whose key this device does not have (yet): a case it is not on,
-- or a key that comes later in the stream (a new device catching up).
CREATE TABLE team_held (
    sequence INTEGER PRIMARY KEY,
    device   TEXT NOT NULL,
    key_id   BLOB NOT NULL,
    envelope BLOB NOT NULL
);
CREATE INDEX team_held_key ON team_held (key_id);

-- Messages refused (no decryption, a bad signature, an unknown device, …), counted.
CREATE TABLE team_refused (
    reason TEXT PRIMARY KEY,
    count  INTEGER NOT NULL
);
