CREATE TABLE `bulletins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`version` integer NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text NOT NULL,
	`note` text,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bulletins_month_version_unique` ON `bulletins` (`month`,`version`);--> statement-breakpoint
CREATE INDEX `bulletins_published_idx` ON `bulletins` (`published_at`);