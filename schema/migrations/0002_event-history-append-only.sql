-- The case history is append-only (issue 3; the console issue relies on it): what the office told a
-- citizen or decided can never be rewritten or removed, not even by a bug in the worker.
-- drizzle-kit does not emit triggers, hence this custom migration.
CREATE TRIGGER `complaint_events_no_update`
BEFORE UPDATE ON `complaint_events`
BEGIN
	SELECT RAISE(ABORT, 'complaint_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
CREATE TRIGGER `complaint_events_no_delete`
BEFORE DELETE ON `complaint_events`
BEGIN
	SELECT RAISE(ABORT, 'complaint_events is append-only: events cannot be deleted');
END;
