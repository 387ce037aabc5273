-- The whole schema for PostgreSQL in one file: the end state of every migration in ../sqlite/, with
-- the same tables, columns and meanings, so that both stores read and write the same shapes.
-- Times are Unix seconds (UTC) in BIGINT, as in SQLite, so both stores share their conversions; a
-- room's local time is UTC + utc_offset_secs. SQLite's INTEGER is 64-bit, hence BIGINT throughout;
-- its BLOB is BYTEA here.
--
-- What SQLite cannot say is said here too: the database itself refuses a seat booked twice and a
-- person in two places at once (the exclusion constraints on bookings, at the end of that table).

-- btree_gist lets an exclusion constraint compare a plain column (seat_id, user_id) with `=` next
-- to a range with `&&`. It ships with PostgreSQL (contrib) and is trusted, so a database owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- People: accounts with their personal data encrypted (AES-256-GCM, see src/crypto.rs), blind
-- indexes for the one-account-per-phone and one-account-per-person rules, sessions and the login
-- throttle.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('member', 'manager')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected', 'suspended')),
    status_reason   TEXT,
    suspended_until BIGINT,
    -- Suspended by the rooms' automatic rule rather than by a manager. SQLite keeps 0/1 in an
    -- INTEGER; the meaning is a flag, so here it is one.
    suspended_auto  BOOLEAN NOT NULL DEFAULT FALSE,
    phone_index     BYTEA UNIQUE,      -- NULL once erased
    phone_enc       BYTEA,
    real_name_enc   BYTEA,
    id_number_index BYTEA UNIQUE,      -- NULL for managers and once erased
    id_number_enc   BYTEA,
    password_hash   TEXT,
    created_at      BIGINT NOT NULL,
    decided_at      BIGINT,
    decided_by      TEXT,
    erased_at       BIGINT
);

CREATE INDEX users_by_status ON users (status, created_at) WHERE erased_at IS NULL;
-- Paging: the people list oldest first.
CREATE INDEX users_by_created ON users (created_at, id) WHERE erased_at IS NULL;

CREATE TABLE sessions (
    token_hash   BYTEA PRIMARY KEY,    -- SHA-256 of the cookie value; the value itself is never stored
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
-- Pruning: sessions idle too long or too old.
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
CREATE INDEX sessions_by_created ON sessions (created_at);

-- Login failures per phone number typed; they leak away with time.
CREATE TABLE login_throttle (
    key             BYTEA PRIMARY KEY, -- blind index of the phone number typed
    failures        BIGINT NOT NULL,
    last_failure_at BIGINT,
    locked_until    BIGINT
);

CREATE INDEX login_throttle_by_last_failure ON login_throttle (last_failure_at);

-- Rooms with their rules. Door failures count per room (not per door), so a guesser cannot go
-- from one door to the next; the automatic suspension rule is the room's.
CREATE TABLE rooms (
    id                       TEXT PRIMARY KEY,
    name                     TEXT NOT NULL,
    address                  TEXT NOT NULL,
    verification             TEXT NOT NULL DEFAULT '', -- where, when and with what people get verified
    utc_offset_secs          BIGINT NOT NULL,
    slot_minutes             BIGINT NOT NULL,
    max_booking_minutes      BIGINT NOT NULL,
    advance_days             BIGINT NOT NULL,
    early_entry_minutes      BIGINT NOT NULL,
    no_show_grace_minutes    BIGINT NOT NULL,
    leave_minutes            BIGINT NOT NULL,
    code_length              BIGINT NOT NULL,
    created_at               BIGINT NOT NULL,
    door_failures            BIGINT NOT NULL DEFAULT 0,
    door_last_failure_at     BIGINT,
    door_locked_until        BIGINT,
    auto_suspend_violations  BIGINT NOT NULL DEFAULT 3,
    auto_suspend_within_days BIGINT NOT NULL DEFAULT 30,
    auto_suspend_days        BIGINT NOT NULL DEFAULT 7
);

-- A seat removed by the seat editor keeps its row (bookings point at it) and its label is free for
-- a new seat, so labels are unique only among the seats still in place.
CREATE TABLE seats (
    id         TEXT PRIMARY KEY,
    room_id    TEXT NOT NULL REFERENCES rooms (id),
    label      TEXT NOT NULL,
    x          BIGINT NOT NULL,
    y          BIGINT NOT NULL,
    features   TEXT NOT NULL,          -- comma-separated: window,power,…
    removed_at BIGINT
);

CREATE UNIQUE INDEX seats_label_in_room ON seats (room_id, label) WHERE removed_at IS NULL;
CREATE INDEX seats_by_room ON seats (room_id) WHERE removed_at IS NULL;

-- Bookings with their access codes. A booking is live while upcoming, active or away; it covers
-- the half-open interval [start_at, end_at), so one that ends when the next starts does not meet it.
CREATE TABLE bookings (
    id            TEXT PRIMARY KEY,
    room_id       TEXT NOT NULL REFERENCES rooms (id),
    seat_id       TEXT NOT NULL REFERENCES seats (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    start_at      BIGINT NOT NULL,
    end_at        BIGINT NOT NULL CHECK (end_at > start_at),
    booked_at     BIGINT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('upcoming', 'active', 'away', 'completed', 'cancelled', 'no_show')),
    checked_in_at BIGINT,
    away_until    BIGINT,
    ended_at      BIGINT,
    code_from     BIGINT NOT NULL,     -- start_at - early_entry_minutes
    code_index    BYTEA,               -- blind index of room + code; NULL once revoked
    code_enc      BYTEA,               -- the code, encrypted, to show its owner again; NULL once revoked

    -- The database refuses double bookings (the SQLite store checks the same inside its
    -- BEGIN IMMEDIATE transaction, src/store/sqlite/bookings.rs, fn insert): among live bookings,
    -- no two of one seat overlap (409 seat_taken) and no two of one person overlap, whatever the
    -- seat (the person's overlapping booking). int8range's default bounds are '[)', the same
    -- half-open test as SQLite's `start_at < end AND end_at > start`. A booking that stops being
    -- live (cancelled, completed, no-show) leaves both constraints and frees its seat and time.
    CONSTRAINT bookings_seat_no_overlap EXCLUDE USING gist (
        seat_id WITH =,
        int8range(start_at, end_at) WITH &&
    ) WHERE (state IN ('upcoming', 'active', 'away')),
    CONSTRAINT bookings_person_no_overlap EXCLUDE USING gist (
        user_id WITH =,
        int8range(start_at, end_at) WITH &&
    ) WHERE (state IN ('upcoming', 'active', 'away'))
);

-- The door reads live codes; the ticker reads a room's live bookings by when they end; paging
-- reads a person's bookings newest first; statistics and exports read a room's bookings by when
-- they start. (SQLite's bookings_live_by_seat, for its overlap check, is the seat constraint's
-- GiST index here.)
CREATE INDEX bookings_by_code ON bookings (code_index) WHERE code_index IS NOT NULL;
CREATE INDEX bookings_by_user ON bookings (user_id, booked_at);
CREATE INDEX bookings_live_by_room ON bookings (room_id, end_at) WHERE state IN ('upcoming', 'active', 'away');
CREATE INDEX bookings_by_user_start ON bookings (user_id, start_at, id);
CREATE INDEX bookings_by_room_start ON bookings (room_id, start_at);

-- Doors: their token, an optional webhook, whether they have a screen; revoked doors keep their row.
CREATE TABLE doors (
    id             TEXT PRIMARY KEY,
    room_id        TEXT NOT NULL REFERENCES rooms (id),
    name           TEXT NOT NULL,
    token_hash     BYTEA NOT NULL UNIQUE,
    webhook_url    TEXT,
    webhook_secret BYTEA,              -- encrypted
    -- SQLite keeps 0/1 in an INTEGER (default 1); the meaning is a flag, so here it is one.
    screen         BOOLEAN NOT NULL DEFAULT TRUE,
    revoked_at     BIGINT,
    created_at     BIGINT NOT NULL
);

-- Violations count for a while, can be appealed by the member and pardoned by a manager.
CREATE TABLE violations (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    booking_id    TEXT NOT NULL REFERENCES bookings (id),
    kind          TEXT NOT NULL CHECK (kind IN ('no_show', 'away_expired')),
    at            BIGINT NOT NULL,
    pardoned_at   BIGINT,
    pardoned_by   TEXT,
    pardon_reason TEXT,
    appeal_text   TEXT,
    appealed_at   BIGINT,
    appeal_state  TEXT CHECK (appeal_state IN ('pending', 'pardoned', 'upheld')),
    appeal_answer TEXT
);

CREATE INDEX violations_by_user ON violations (user_id, at);
CREATE INDEX violations_pending_appeals ON violations (appealed_at) WHERE appeal_state = 'pending';

-- Append-only; each entry's hash covers the previous one and its own seq, so an edit anywhere
-- breaks the chain. The store writes seq itself (the previous entry's + 1, inside the transaction
-- that appends), so it is a plain key here, not an identity: a sequence would leave gaps.
CREATE TABLE audit (
    seq    BIGINT PRIMARY KEY,
    at     BIGINT NOT NULL,
    kind   TEXT NOT NULL,
    actor  TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash   BYTEA NOT NULL
);

-- The last entry of the audit chain and a MAC over it, moved forward in the transaction of every
-- append: cutting entries off the end leaves a head that no longer matches.
CREATE TABLE audit_head (
    id  BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    mac BYTEA NOT NULL
);

-- When the time rules last ran: deadlines that fell while the server was down are excused.
CREATE TABLE ticker_state (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    last_tick_at BIGINT NOT NULL
);
