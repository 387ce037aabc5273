-- Hardening (issue 6): door failures count per room; doors say whether they have a screen and can
-- be revoked; login failures leak away; the audit chain's head is kept; the ticker records when it
-- last ran; indexes for pruning and paging.

ALTER TABLE rooms ADD COLUMN door_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN door_last_failure_at INTEGER;
ALTER TABLE rooms ADD COLUMN door_locked_until INTEGER;

-- A room starts from the worst of its doors' counts: a guesser keeps what they had earned.
UPDATE rooms SET
    door_failures = COALESCE((SELECT MAX(failures) FROM doors WHERE doors.room_id = rooms.id), 0),
    door_last_failure_at = (SELECT MAX(last_failure_at) FROM doors WHERE doors.room_id = rooms.id),
    door_locked_until = (SELECT MAX(locked_until) FROM doors WHERE doors.room_id = rooms.id);

ALTER TABLE doors DROP COLUMN failures;
ALTER TABLE doors DROP COLUMN last_failure_at;
ALTER TABLE doors DROP COLUMN locked_until;
ALTER TABLE doors ADD COLUMN screen INTEGER NOT NULL DEFAULT 1;
ALTER TABLE doors ADD COLUMN revoked_at INTEGER;

ALTER TABLE login_throttle ADD COLUMN last_failure_at INTEGER;
CREATE INDEX login_throttle_by_last_failure ON login_throttle (last_failure_at);

CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
CREATE INDEX sessions_by_created ON sessions (created_at);

-- Paging: a person's bookings newest first, the people list oldest first.
CREATE INDEX bookings_by_user_start ON bookings (user_id, start_at, id);
CREATE INDEX users_by_created ON users (created_at, id) WHERE erased_at IS NULL;

-- The last entry of the audit chain and a MAC over it, moved forward in the transaction of every
-- append: cutting entries off the end leaves a head that no longer matches.
CREATE TABLE audit_head (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    mac BLOB NOT NULL
) STRICT;

-- When the time rules last ran: deadlines that fell while the server was down are excused.
CREATE TABLE ticker_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    last_tick_at INTEGER NOT NULL
) STRICT;
