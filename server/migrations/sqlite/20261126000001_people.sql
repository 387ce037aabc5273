-- People: accounts with their personal data encrypted (AES-256-GCM, see src/crypto.rs), blind
-- indexes for the one-account-per-phone and one-account-per-person rules, sessions and the login
-- throttle. Times are Unix seconds (UTC).

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('member', 'manager')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected', 'suspended')),
    status_reason   TEXT,
    suspended_until INTEGER,
    phone_index     BLOB UNIQUE,      -- NULL once erased
    phone_enc       BLOB,
    real_name_enc   BLOB,
    id_number_index BLOB UNIQUE,      -- NULL for managers and once erased
    id_number_enc   BLOB,
    password_hash   TEXT,
    created_at      INTEGER NOT NULL,
    decided_at      INTEGER,
    decided_by      TEXT,
    erased_at       INTEGER
) STRICT;

CREATE INDEX users_by_status ON users (status, created_at) WHERE erased_at IS NULL;

CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,    -- SHA-256 of the cookie value; the value itself is never stored
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_throttle (
    key          BLOB PRIMARY KEY,    -- blind index of the phone number typed
    failures     INTEGER NOT NULL,
    locked_until INTEGER
) STRICT;
