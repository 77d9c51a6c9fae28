CREATE TABLE `absences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`kind` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`withdrawn_at` integer
);
--> statement-breakpoint
CREATE INDEX `absences_staff_dates_idx` ON `absences` (`staff_id`,`from_date`,`to_date`);--> statement-breakpoint
CREATE TABLE `appointment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`appointment_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`public` integer NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_events_appointment_idx` ON `appointment_events` (`appointment_id`,`at`);--> statement-breakpoint
CREATE TABLE `appointment_idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`appointment_id` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text NOT NULL,
	`kind` text NOT NULL,
	`department` text NOT NULL,
	`service` text,
	`post` text NOT NULL,
	`assignee` text NOT NULL,
	`routed_via` text NOT NULL,
	`date` text NOT NULL,
	`slot_start` text NOT NULL,
	`slot_end` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`personal` text NOT NULL,
	`requested_at` integer NOT NULL,
	`contact_by` text NOT NULL,
	`contact_by_provisional` integer DEFAULT false NOT NULL,
	`overdue` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_reference_unique` ON `appointments` (`reference`);--> statement-breakpoint
CREATE INDEX `appointments_department_status_idx` ON `appointments` (`department`,`status`);--> statement-breakpoint
CREATE INDEX `appointments_assignee_status_idx` ON `appointments` (`assignee`,`status`);--> statement-breakpoint
CREATE INDEX `appointments_kind_date_slot_idx` ON `appointments` (`kind`,`date`,`slot_start`,`status`);--> statement-breakpoint
CREATE INDEX `appointments_status_contact_idx` ON `appointments` (`status`,`contact_by`);