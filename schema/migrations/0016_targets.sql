-- 目标管理 (issue 14): yearly targets per department (and per person, internal), quarterly review
-- rounds and checks, and the published quarters, frozen like the monthly bulletins.
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`department` text NOT NULL,
	`staff_id` text,
	`title` text NOT NULL,
	`measure` text NOT NULL,
	`points` integer NOT NULL,
	`source` text NOT NULL,
	`due` text NOT NULL,
	`created_by` integer NOT NULL REFERENCES `staff_accounts`(`id`),
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `targets_year_department_idx` ON `targets` (`year`,`department`);
--> statement-breakpoint
CREATE INDEX `targets_staff_idx` ON `targets` (`staff_id`);
--> statement-breakpoint
CREATE TABLE `target_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`quarter` integer NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`drafted_by` integer NOT NULL REFERENCES `staff_accounts`(`id`),
	`drafted_at` integer NOT NULL,
	`approved_by` integer REFERENCES `staff_accounts`(`id`),
	`approved_at` integer,
	`published_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `target_rounds_period_unique` ON `target_rounds` (`year`,`quarter`);
--> statement-breakpoint
CREATE TABLE `target_checks` (
	`round_id` integer NOT NULL REFERENCES `target_rounds`(`id`),
	`target_id` integer NOT NULL REFERENCES `targets`(`id`),
	`status` text NOT NULL,
	`score` integer,
	`note` text NOT NULL,
	`checked_by` integer NOT NULL REFERENCES `staff_accounts`(`id`),
	`checked_at` integer NOT NULL,
	PRIMARY KEY(`round_id`, `target_id`)
);
--> statement-breakpoint
CREATE INDEX `target_checks_target_idx` ON `target_checks` (`target_id`);
--> statement-breakpoint
CREATE TABLE `target_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`quarter` integer NOT NULL,
	`version` integer NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text NOT NULL,
	`note` text,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `target_results_period_version_unique` ON `target_results` (`year`,`quarter`,`version`);
--> statement-breakpoint
-- A published quarter is frozen: a correction is a new version whose note says what changed and why.
CREATE TRIGGER `target_results_no_update`
BEFORE UPDATE ON `target_results`
BEGIN
	SELECT RAISE(ABORT, 'target results are frozen once published: publish a correction as a new version');
END;
--> statement-breakpoint
CREATE TRIGGER `target_results_no_delete`
BEFORE DELETE ON `target_results`
BEGIN
	SELECT RAISE(ABORT, 'target results are frozen once published: old versions stay readable');
END;
--> statement-breakpoint
CREATE TRIGGER `target_results_correction_needs_note`
BEFORE INSERT ON `target_results`
WHEN NEW.version > 1 AND (NEW.note IS NULL OR trim(NEW.note) = '')
BEGIN
	SELECT RAISE(ABORT, 'a corrected quarter needs a note saying what changed and why');
END;
--> statement-breakpoint
-- A published round stays published; a check of a published round changes only with a correction
-- (the service writes both in one batch), never through the draft form.
CREATE TRIGGER `target_rounds_no_delete`
BEFORE DELETE ON `target_rounds`
BEGIN
	SELECT RAISE(ABORT, 'target review rounds are kept');
END;
