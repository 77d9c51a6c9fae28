-- Issue 10: complainant protection, recusal and accountability figures that stay true.
-- Who a case must be hidden from (回避): staff suggested by the filing's free-text name, staff confirmed
-- as concerned by intake, staff who declared a conflict themselves. `person` is a content/staff id or
-- 'account:<username>' (worker/services/cases.ts actorOf). Rows are never deleted: a correction at
-- registration marks the old suggestion `cleared_at`, so the history of who was hidden stays.
CREATE TABLE `case_parties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complaint_id` integer NOT NULL REFERENCES `complaints`(`id`),
	`person` text NOT NULL,
	`kind` text NOT NULL CHECK (`kind` IN ('suggested', 'concerned', 'recused')),
	`reason` text,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	`cleared_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_parties_unique` ON `case_parties` (`complaint_id`, `person`, `kind`) WHERE `cleared_at` IS NULL;
--> statement-breakpoint
CREATE INDEX `case_parties_person_idx` ON `case_parties` (`person`, `complaint_id`);
--> statement-breakpoint
-- Every display of sealed personal data to staff (who, when, which case, why), written by the one
-- function that opens it for display (worker/services/protection.ts). Append-only.
CREATE TABLE `personal_data_access` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complaint_id` integer NOT NULL REFERENCES `complaints`(`id`),
	`account_id` integer NOT NULL REFERENCES `staff_accounts`(`id`),
	`person` text NOT NULL,
	`at` integer NOT NULL,
	`purpose` text NOT NULL CHECK (`purpose` IN ('handling', 'consent', 'supervisor')),
	`fields` text NOT NULL DEFAULT '[]'
);
--> statement-breakpoint
CREATE INDEX `personal_data_access_complaint_idx` ON `personal_data_access` (`complaint_id`, `at`);
--> statement-breakpoint
CREATE TRIGGER `personal_data_access_no_update` BEFORE UPDATE ON `personal_data_access`
BEGIN
	SELECT RAISE(ABORT, 'personal_data_access is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `personal_data_access_no_delete` BEFORE DELETE ON `personal_data_access`
BEGIN
	SELECT RAISE(ABORT, 'personal_data_access is append-only');
END;
--> statement-breakpoint
-- The complainant's explicit, default-off agreement that the department complained about may see who they are.
ALTER TABLE `complaints` ADD `identity_consent` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- The named handler (承办人, a content/staff id); intake's review of the free text for the department
-- complained about; the supervisor's recorded decision to disclose the identity.
ALTER TABLE `case_files` ADD `assignee` text;
--> statement-breakpoint
ALTER TABLE `case_files` ADD `text_cleared` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `case_files` ADD `identity_disclosed` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Alerts are recomputed from the case facts; one whose count falls below its threshold is withdrawn
-- (never deleted), with the reason; every change is in alert_events.
ALTER TABLE `accountability_alerts` ADD `withdrawn_at` integer;
--> statement-breakpoint
ALTER TABLE `accountability_alerts` ADD `withdrawal_reason` text;
--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL REFERENCES `accountability_alerts`(`id`),
	`at` integer NOT NULL,
	`type` text NOT NULL CHECK (`type` IN ('raised', 'count-changed', 'withdrawn', 'reinstated')),
	`count` integer NOT NULL,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert_idx` ON `alert_events` (`alert_id`, `at`);
