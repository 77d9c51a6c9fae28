-- 好差评 per application (一事一评, issue 12): one rating after conclusion; a 差评 is followed up (回访)
-- and put right within 15 working days. The follow-up is written once and never changed.
CREATE TABLE `application_ratings` (
	`application_id` integer PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`comment` text,
	`rated_at` integer NOT NULL,
	`follow_up_by` text,
	`followed_up_at` integer,
	`follow_up` text,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `application_ratings_follow_up` ON `application_ratings` (`follow_up_by`,`followed_up_at`);
--> statement-breakpoint
CREATE TRIGGER `application_ratings_follow_up_once` BEFORE UPDATE ON `application_ratings`
WHEN OLD.`followed_up_at` IS NOT NULL OR NEW.`level` IS NOT OLD.`level` OR NEW.`rated_at` IS NOT OLD.`rated_at`
BEGIN
	SELECT RAISE(ABORT, 'application_ratings: the rating and its follow-up are written once');
END;
--> statement-breakpoint
CREATE TRIGGER `application_ratings_no_delete` BEFORE DELETE ON `application_ratings`
BEGIN
	SELECT RAISE(ABORT, 'application_ratings cannot be deleted');
END;
