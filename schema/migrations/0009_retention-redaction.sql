-- Data retention (issue 7) must remove a complainant's personal data once the retention period is
-- over, and a few events keep a sealed text of theirs inside `data` (a rating comment, a review
-- reason; an appointment handler's sealed note). The histories stay append-only with exactly one
-- exception, checked here by the database itself: an UPDATE may only erase sealed values, once.
-- It must keep every column, keep every key of `data` with its value, except that values which are
-- sealed (`v<n>.<iv>.<ciphertext>`) may become '[已删除]', and it must add `redactedOn` (the day),
-- which was not there before. Nothing can be rewritten, added, reordered in meaning or deleted.
-- worker/lib/retention.ts is the only writer; test/worker/retention.test.ts pins what is refused.
DROP TRIGGER `complaint_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `complaint_events_no_update`
BEFORE UPDATE ON `complaint_events`
WHEN NOT (
	NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
	AND NEW.type = OLD.type AND NEW.public = OLD.public
	AND json_valid(OLD.data) AND json_type(OLD.data) = 'object' AND json_valid(NEW.data) AND json_type(NEW.data) = 'object'
	AND json_extract(OLD.data, '$.redactedOn') IS NULL AND json_extract(NEW.data, '$.redactedOn') IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM json_each(NEW.data) n WHERE n.key <> 'redactedOn' AND NOT EXISTS (SELECT 1 FROM json_each(OLD.data) o WHERE o.key = n.key))
	AND NOT EXISTS (SELECT 1 FROM json_each(OLD.data) o WHERE NOT EXISTS (SELECT 1 FROM json_each(NEW.data) n WHERE n.key = o.key
		AND (n.value IS o.value OR (n.value = '[已删除]' AND o.type = 'text' AND o.value GLOB 'v[1-9]*.*.*'))))
)
BEGIN
	SELECT RAISE(ABORT, 'complaint_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
DROP TRIGGER `appointment_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `appointment_events_no_update`
BEFORE UPDATE ON `appointment_events`
WHEN NOT (
	NEW.id = OLD.id AND NEW.appointment_id = OLD.appointment_id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
	AND NEW.type = OLD.type AND NEW.public = OLD.public
	AND json_valid(OLD.data) AND json_type(OLD.data) = 'object' AND json_valid(NEW.data) AND json_type(NEW.data) = 'object'
	AND json_extract(OLD.data, '$.redactedOn') IS NULL AND json_extract(NEW.data, '$.redactedOn') IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM json_each(NEW.data) n WHERE n.key <> 'redactedOn' AND NOT EXISTS (SELECT 1 FROM json_each(OLD.data) o WHERE o.key = n.key))
	AND NOT EXISTS (SELECT 1 FROM json_each(OLD.data) o WHERE NOT EXISTS (SELECT 1 FROM json_each(NEW.data) n WHERE n.key = o.key
		AND (n.value IS o.value OR (n.value = '[已删除]' AND o.type = 'text' AND o.value GLOB 'v[1-9]*.*.*'))))
)
BEGIN
	SELECT RAISE(ABORT, 'appointment_events is append-only: add a new event instead of changing one');
END;
