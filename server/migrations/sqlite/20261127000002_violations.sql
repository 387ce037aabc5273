-- Violations that count for a while, can be appealed by the member and pardoned by a manager, and
-- rooms' rules for automatic suspension.

ALTER TABLE violations ADD COLUMN pardoned_at INTEGER;
ALTER TABLE violations ADD COLUMN pardoned_by TEXT;
ALTER TABLE violations ADD COLUMN pardon_reason TEXT;
ALTER TABLE violations ADD COLUMN appeal_text TEXT;
ALTER TABLE violations ADD COLUMN appealed_at INTEGER;
ALTER TABLE violations ADD COLUMN appeal_state TEXT CHECK (appeal_state IN ('pending', 'pardoned', 'upheld'));
ALTER TABLE violations ADD COLUMN appeal_answer TEXT;
CREATE INDEX violations_pending_appeals ON violations (appealed_at) WHERE appeal_state = 'pending';

ALTER TABLE rooms ADD COLUMN auto_suspend_violations INTEGER NOT NULL DEFAULT 3;
ALTER TABLE rooms ADD COLUMN auto_suspend_within_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE rooms ADD COLUMN auto_suspend_days INTEGER NOT NULL DEFAULT 7;

ALTER TABLE users ADD COLUMN suspended_auto INTEGER NOT NULL DEFAULT 0;
