CREATE TABLE `complaint_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complaint_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`public` integer NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_events_complaint_idx` ON `complaint_events` (`complaint_id`,`at`);--> statement-breakpoint
CREATE INDEX `complaint_events_type_at_idx` ON `complaint_events` (`type`,`at`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text NOT NULL,
	`channel` text DEFAULT 'web' NOT NULL,
	`first_receiver` text,
	`department` text NOT NULL,
	`service` text,
	`post` text,
	`handling_department` text,
	`category` text NOT NULL,
	`occurred_on` text NOT NULL,
	`stage` text DEFAULT 'reception' NOT NULL,
	`anonymous` integer NOT NULL,
	`personal` text NOT NULL,
	`received_at` integer NOT NULL,
	`acknowledge_by` text NOT NULL,
	`acknowledge_by_provisional` integer DEFAULT false NOT NULL,
	`due_by` text NOT NULL,
	`due_by_provisional` integer DEFAULT false NOT NULL,
	`concluded_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_reference_unique` ON `complaints` (`reference`);--> statement-breakpoint
CREATE INDEX `complaints_stage_due_idx` ON `complaints` (`stage`,`due_by`);--> statement-breakpoint
CREATE INDEX `complaints_department_received_idx` ON `complaints` (`department`,`received_at`);--> statement-breakpoint
CREATE INDEX `complaints_received_idx` ON `complaints` (`received_at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`complaint_id` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
