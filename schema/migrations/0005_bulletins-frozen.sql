-- A published bulletin is frozen (issue 6): later changes to cases never move it, and nobody can
-- rewrite or remove what the office published. A correction is a new row (the next version) whose
-- note says what changed and why. drizzle-kit does not emit triggers, hence this custom migration.
CREATE TRIGGER `bulletins_no_update`
BEFORE UPDATE ON `bulletins`
BEGIN
	SELECT RAISE(ABORT, 'bulletins are frozen once published: publish a correction as a new version');
END;
--> statement-breakpoint
CREATE TRIGGER `bulletins_no_delete`
BEFORE DELETE ON `bulletins`
BEGIN
	SELECT RAISE(ABORT, 'bulletins are frozen once published: old versions stay readable');
END;
--> statement-breakpoint
CREATE TRIGGER `bulletins_correction_needs_note`
BEFORE INSERT ON `bulletins`
WHEN NEW.version > 1 AND (NEW.note IS NULL OR trim(NEW.note) = '')
BEGIN
	SELECT RAISE(ABORT, 'a corrected bulletin needs a note saying what changed and why');
END;
