-- Accountability decisions (issue 14): the record, what caused it, and its append-only history.
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`staff_id` text NOT NULL,
	`department` text NOT NULL,
	`facts` text NOT NULL,
	`basis` text NOT NULL,
	`proposed_by` integer NOT NULL REFERENCES `staff_accounts`(`id`),
	`proposed_at` integer NOT NULL,
	`approved_by` integer REFERENCES `staff_accounts`(`id`),
	`approved_at` integer,
	`notice_year` integer,
	`notice_seq` integer,
	`served_on` text,
	`unit_head_told` integer,
	`self_exam_due` text,
	`self_exam_text` text,
	`self_exam_on` text,
	`countersigned_by` text,
	`overdue_flagged` integer DEFAULT false NOT NULL,
	`given_on` text,
	`given_by` text,
	`standby_start` text,
	`standby_end` text,
	`study_plan` text,
	`citizen_reps` text,
	`staff_reps` text,
	`review_result` text,
	`assessment` text,
	`outcome` text,
	`exam_on` text,
	`exam_result` text,
	`appeal_text` text,
	`appeal_on` text,
	`appeal_outcome` text,
	`appeal_note` text,
	`appeal_decided_on` text,
	`original_kind` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_notice_unique` ON `decisions` (`notice_year`,`notice_seq`);
--> statement-breakpoint
CREATE INDEX `decisions_staff_idx` ON `decisions` (`staff_id`);
--> statement-breakpoint
CREATE INDEX `decisions_state_idx` ON `decisions` (`state`);
--> statement-breakpoint
CREATE TABLE `decision_links` (
	`decision_id` integer NOT NULL REFERENCES `decisions`(`id`),
	`kind` text NOT NULL,
	`ref` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_links_unique` ON `decision_links` (`decision_id`,`kind`,`ref`);
--> statement-breakpoint
CREATE INDEX `decision_links_ref_idx` ON `decision_links` (`kind`,`ref`);
--> statement-breakpoint
CREATE TABLE `decision_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL REFERENCES `decisions`(`id`),
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` integer REFERENCES `staff_accounts`(`id`),
	`type` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_events_seq_unique` ON `decision_events` (`decision_id`,`seq`);
--> statement-breakpoint
CREATE TRIGGER `decision_events_no_update`
BEFORE UPDATE ON `decision_events`
BEGIN
	SELECT RAISE(ABORT, 'decision_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
CREATE TRIGGER `decision_events_no_delete`
BEFORE DELETE ON `decision_events`
BEGIN
	SELECT RAISE(ABORT, 'decision_events is append-only: events cannot be deleted');
END;
