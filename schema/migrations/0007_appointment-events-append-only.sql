-- The appointment history is append-only like the case history (migration 0002): every change a
-- handler records is a new event, and what the person was told can never be rewritten or removed.
CREATE TRIGGER `appointment_events_no_update`
BEFORE UPDATE ON `appointment_events`
BEGIN
	SELECT RAISE(ABORT, 'appointment_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
CREATE TRIGGER `appointment_events_no_delete`
BEFORE DELETE ON `appointment_events`
BEGIN
	SELECT RAISE(ABORT, 'appointment_events is append-only: events cannot be deleted');
END;
