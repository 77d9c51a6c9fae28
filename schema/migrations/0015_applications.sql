-- 电子监察 (issue 12): applications (办件), their append-only events, machine-API clients, replay
-- nonces, and yellow/red cards with their append-only history.
CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`service` text NOT NULL,
	`department` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`applicant` text NOT NULL,
	`access_hash` text,
	`received_on` text NOT NULL,
	`accepted_on` text,
	`concluded_on` text,
	`due_by` text,
	`due_provisional` integer DEFAULT 0 NOT NULL,
	`statutory_by` text,
	`step_due_by` text,
	`stopped` integer DEFAULT 0 NOT NULL,
	`next_check` text,
	`late_events` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_number_unique` ON `applications` (`number`);
--> statement-breakpoint
CREATE INDEX `applications_next_check` ON `applications` (`next_check`);
--> statement-breakpoint
CREATE INDEX `applications_department` ON `applications` (`department`,`received_on`);
--> statement-breakpoint
CREATE INDEX `applications_service` ON `applications` (`service`,`received_on`);
--> statement-breakpoint
CREATE TABLE `application_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`source` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`late` integer DEFAULT 0 NOT NULL,
	`data` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_events_source_event` ON `application_events` (`source`,`event_id`);
--> statement-breakpoint
CREATE INDEX `application_events_application` ON `application_events` (`application_id`,`occurred_at`);
--> statement-breakpoint
CREATE TABLE `application_clients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`departments` text DEFAULT '[]' NOT NULL,
	`services` text DEFAULT '[]' NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `application_nonces` (
	`signature` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `application_cards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`rule` text NOT NULL,
	`colour` text NOT NULL,
	`key` text NOT NULL,
	`department` text NOT NULL,
	`service` text NOT NULL,
	`post` text NOT NULL,
	`holder` text NOT NULL,
	`via` text NOT NULL,
	`detail` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`raised_on` text NOT NULL,
	`raised_at` integer NOT NULL,
	`answer_by` text,
	`case_id` integer,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_cards_key` ON `application_cards` (`application_id`,`key`);
--> statement-breakpoint
CREATE INDEX `application_cards_department` ON `application_cards` (`department`,`state`,`colour`);
--> statement-breakpoint
CREATE INDEX `application_cards_raised` ON `application_cards` (`raised_on`);
--> statement-breakpoint
CREATE TABLE `application_card_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`card_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`card_id`) REFERENCES `application_cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER `application_events_no_update` BEFORE UPDATE ON `application_events`
BEGIN
	SELECT RAISE(ABORT, 'application_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
CREATE TRIGGER `application_events_no_delete` BEFORE DELETE ON `application_events`
BEGIN
	SELECT RAISE(ABORT, 'application_events is append-only: events cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `application_card_events_no_update` BEFORE UPDATE ON `application_card_events`
BEGIN
	SELECT RAISE(ABORT, 'application_card_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `application_card_events_no_delete` BEFORE DELETE ON `application_card_events`
BEGIN
	SELECT RAISE(ABORT, 'application_card_events is append-only');
END;
