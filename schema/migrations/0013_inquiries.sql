CREATE TABLE `inquiries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text,
	`channel` text NOT NULL,
	`priority` text NOT NULL,
	`limit_name` text NOT NULL,
	`first_receiver` text NOT NULL,
	`registered_by` text NOT NULL,
	`department` text NOT NULL,
	`outcome` text NOT NULL,
	`outcome_data` text DEFAULT '{}' NOT NULL,
	`handler` text NOT NULL,
	`handler_department` text NOT NULL,
	`status` text NOT NULL,
	`personal` text NOT NULL,
	`received_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`due_provisional` integer DEFAULT false NOT NULL,
	`closed_at` integer,
	`overdue_at` integer,
	`complaint_reference` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inquiries_reference_unique` ON `inquiries` (`reference`);
--> statement-breakpoint
CREATE INDEX `inquiries_first_receiver_status_idx` ON `inquiries` (`first_receiver`,`status`);
--> statement-breakpoint
CREATE INDEX `inquiries_handler_status_idx` ON `inquiries` (`handler`,`status`);
--> statement-breakpoint
CREATE INDEX `inquiries_status_due_idx` ON `inquiries` (`status`,`due_at`);
--> statement-breakpoint
CREATE INDEX `inquiries_received_idx` ON `inquiries` (`received_at`);
--> statement-breakpoint
CREATE TABLE `inquiry_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inquiry_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`public` integer NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inquiry_events_inquiry_idx` ON `inquiry_events` (`inquiry_id`,`at`);
--> statement-breakpoint
-- The inquiry history is append-only like the case and appointment histories (0002, 0007).
CREATE TRIGGER `inquiry_events_no_update`
BEFORE UPDATE ON `inquiry_events`
BEGIN
	SELECT RAISE(ABORT, 'inquiry_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
CREATE TRIGGER `inquiry_events_no_delete`
BEFORE DELETE ON `inquiry_events`
BEGIN
	SELECT RAISE(ABORT, 'inquiry_events is append-only: events cannot be deleted');
END;
