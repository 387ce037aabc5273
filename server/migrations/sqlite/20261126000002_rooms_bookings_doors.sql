-- Rooms, seats, bookings with their access codes, doors, violations and the audit log.
-- Times are Unix seconds (UTC); a room's local time is UTC + utc_offset_secs.

CREATE TABLE rooms (
    id                    TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    address               TEXT NOT NULL,
    utc_offset_secs       INTEGER NOT NULL,
    slot_minutes          INTEGER NOT NULL,
    max_booking_minutes   INTEGER NOT NULL,
    advance_days          INTEGER NOT NULL,
    early_entry_minutes   INTEGER NOT NULL,
    no_show_grace_minutes INTEGER NOT NULL,
    leave_minutes         INTEGER NOT NULL,
    code_length           INTEGER NOT NULL,
    created_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE seats (
    id       TEXT PRIMARY KEY,
    room_id  TEXT NOT NULL REFERENCES rooms (id),
    label    TEXT NOT NULL,
    x        INTEGER NOT NULL,
    y        INTEGER NOT NULL,
    features TEXT NOT NULL,            -- comma-separated: window,power,…
    UNIQUE (room_id, label)
) STRICT;

CREATE TABLE bookings (
    id            TEXT PRIMARY KEY,
    room_id       TEXT NOT NULL REFERENCES rooms (id),
    seat_id       TEXT NOT NULL REFERENCES seats (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    start_at      INTEGER NOT NULL,
    end_at        INTEGER NOT NULL CHECK (end_at > start_at),
    booked_at     INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('upcoming', 'active', 'away', 'completed', 'cancelled', 'no_show')),
    checked_in_at INTEGER,
    away_until    INTEGER,
    ended_at      INTEGER,
    code_from     INTEGER NOT NULL,    -- start_at - early_entry_minutes
    code_index    BLOB,                -- blind index of room + code; NULL once revoked
    code_enc      BLOB                 -- the code, encrypted, to show its owner again; NULL once revoked
) STRICT;

-- The overlap check of a new booking reads live bookings of one seat; the door reads live codes.
CREATE INDEX bookings_live_by_seat ON bookings (seat_id, start_at) WHERE state IN ('upcoming', 'active', 'away');
CREATE INDEX bookings_by_code ON bookings (code_index) WHERE code_index IS NOT NULL;
CREATE INDEX bookings_by_user ON bookings (user_id, booked_at);
CREATE INDEX bookings_live_by_room ON bookings (room_id, end_at) WHERE state IN ('upcoming', 'active', 'away');

CREATE TABLE doors (
    id              TEXT PRIMARY KEY,
    room_id         TEXT NOT NULL REFERENCES rooms (id),
    name            TEXT NOT NULL,
    token_hash      BLOB NOT NULL UNIQUE,
    webhook_url     TEXT,
    webhook_secret  BLOB,              -- encrypted
    failures        INTEGER NOT NULL DEFAULT 0,
    last_failure_at INTEGER,
    locked_until    INTEGER,
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE violations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL REFERENCES users (id),
    booking_id TEXT NOT NULL REFERENCES bookings (id),
    kind       TEXT NOT NULL CHECK (kind IN ('no_show', 'away_expired')),
    at         INTEGER NOT NULL
) STRICT;

CREATE INDEX violations_by_user ON violations (user_id, at);

-- Append-only; each entry's hash covers the previous one, so an edit anywhere breaks the chain.
CREATE TABLE audit (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    actor  TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash   BLOB NOT NULL
) STRICT;
