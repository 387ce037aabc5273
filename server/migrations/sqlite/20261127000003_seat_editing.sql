-- Seats can be removed by the seat editor while their history stays: a removed seat keeps its row
-- (bookings point at it) and its label is free for a new seat, so the uniqueness of labels moves
-- from the table to a partial index over the seats still in place.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE seats_new (
    id         TEXT PRIMARY KEY,
    room_id    TEXT NOT NULL REFERENCES rooms (id),
    label      TEXT NOT NULL,
    x          INTEGER NOT NULL,
    y          INTEGER NOT NULL,
    features   TEXT NOT NULL,
    removed_at INTEGER
) STRICT;

INSERT INTO seats_new (id, room_id, label, x, y, features) SELECT id, room_id, label, x, y, features FROM seats;
DROP TABLE seats;
ALTER TABLE seats_new RENAME TO seats;

CREATE UNIQUE INDEX seats_label_in_room ON seats (room_id, label) WHERE removed_at IS NULL;
CREATE INDEX seats_by_room ON seats (room_id) WHERE removed_at IS NULL;
