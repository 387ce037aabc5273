-- Where, when and with what people get verified, as the manager words it.
ALTER TABLE rooms ADD COLUMN verification TEXT NOT NULL DEFAULT '';
