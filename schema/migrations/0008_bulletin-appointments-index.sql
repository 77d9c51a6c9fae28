-- The monthly bulletin reads the appointments requested in one month (issue 6); this index keeps
-- that a range read however long the history grows. Custom SQL: the appointments table's drizzle
-- definition (schema/db/appointments.ts) belongs to issue 5, and drizzle-kit leaves indexes it
-- does not know about alone.
CREATE INDEX IF NOT EXISTS `appointments_requested_idx` ON `appointments` (`requested_at`);
