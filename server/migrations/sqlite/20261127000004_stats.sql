-- Statistics and exports read a room's bookings by when they start.
CREATE INDEX bookings_by_room_start ON bookings (room_id, start_at);
