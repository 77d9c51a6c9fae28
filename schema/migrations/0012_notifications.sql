CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`event` text NOT NULL,
	`audience` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text,
	`channel` text NOT NULL,
	`template` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer,
	`lease_until` integer,
	`recipient_hash` text,
	`provider_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	`queued_at` integer,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_key_unique` ON `notifications` (`key`);
--> statement-breakpoint
CREATE INDEX `notifications_state_idx` ON `notifications` (`state`,`not_before`);
--> statement-breakpoint
CREATE INDEX `notifications_subject_idx` ON `notifications` (`subject`,`created_at`);
--> statement-breakpoint
CREATE INDEX `notifications_recipient_hash_idx` ON `notifications` (`recipient_hash`,`channel`,`sent_at`);
--> statement-breakpoint
CREATE TABLE `notification_subscriptions` (
	`reference` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`unsubscribed_at` integer,
	PRIMARY KEY(`reference`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `staff_notification_prefs` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`email` text,
	`phone` text,
	`mode` text DEFAULT 'immediate' NOT NULL,
	`sms_urgent` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
