CREATE TABLE `handovers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post` text NOT NULL,
	`holder` text NOT NULL,
	`stand_in` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `handovers_post_dates_idx` ON `handovers` (`post`,`from_date`,`to_date`);
--> statement-breakpoint
CREATE INDEX `handovers_stand_in_idx` ON `handovers` (`stand_in`,`status`);
--> statement-breakpoint
CREATE TABLE `post_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post` text NOT NULL,
	`handover_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `post_events_post_idx` ON `post_events` (`post`,`at`);
--> statement-breakpoint
-- The post's history is append-only, like the case, appointment and inquiry histories.
CREATE TRIGGER `post_events_no_update`
BEFORE UPDATE ON `post_events`
BEGIN
	SELECT RAISE(ABORT, 'post_events is append-only: add a new event instead of changing one');
END;
--> statement-breakpoint
CREATE TRIGGER `post_events_no_delete`
BEFORE DELETE ON `post_events`
BEGIN
	SELECT RAISE(ABORT, 'post_events is append-only: events cannot be deleted');
END;
