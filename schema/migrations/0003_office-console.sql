CREATE TABLE `accountability_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule` text NOT NULL,
	`subject` text NOT NULL,
	`period` text NOT NULL,
	`count` integer NOT NULL,
	`raised_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` integer,
	`resolution` text,
	FOREIGN KEY (`resolved_by`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accountability_alerts_unique` ON `accountability_alerts` (`rule`,`subject`,`period`);--> statement-breakpoint
CREATE TABLE `case_files` (
	`complaint_id` integer PRIMARY KEY NOT NULL,
	`stage_due_by` text,
	`due_from` text,
	`due_days` integer,
	`deadline_state` text DEFAULT 'on-time' NOT NULL,
	`overdue_recorded_for` text,
	`extension_state` text DEFAULT 'none' NOT NULL,
	`extension_days` integer,
	`extension_reason` text,
	`finding` text,
	`sanctions` text DEFAULT '[]' NOT NULL,
	`staff_concerned` text,
	`unit` text,
	`concluded_on` text,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_files_concluded_idx` ON `case_files` (`concluded_on`);--> statement-breakpoint
CREATE TABLE `case_versions` (
	`complaint_id` integer NOT NULL,
	`version` integer NOT NULL,
	`current` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`complaint_id`, `version`),
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`csrf` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `staff_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`staff_id` text,
	`role` text NOT NULL,
	`department` text,
	`password_hash` text NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	CONSTRAINT "staff_accounts_handler_department" CHECK("staff_accounts"."role" <> 'handler' or "staff_accounts"."department" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_accounts_username_unique` ON `staff_accounts` (`username`);