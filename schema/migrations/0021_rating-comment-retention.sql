-- Data retention for 好差评 comments (issue 7's rule, applied to issue 12's ratings): a rating's
-- comment is the applicant's own sealed text and goes with the applicant's personal data once the
-- application's retention period is over. The rating and its follow-up stay written once, with two
-- exceptions, checked here by the database itself, before or after the follow-up: a sealed comment
-- may be erased to '[已删除]' (worker/lib/retention.ts), or sealed again under a new key
-- (worker/lib/rotation.ts; the old trigger refused that once a 差评 was followed up). Nothing else may
-- change; test/worker/retention-ratings.test.ts pins what is refused.
DROP TRIGGER `application_ratings_follow_up_once`;
--> statement-breakpoint
CREATE TRIGGER `application_ratings_follow_up_once` BEFORE UPDATE ON `application_ratings`
WHEN NEW.`level` IS NOT OLD.`level` OR NEW.`rated_at` IS NOT OLD.`rated_at` OR NEW.`application_id` IS NOT OLD.`application_id`
	OR (NEW.`comment` IS NOT OLD.`comment` AND NOT (OLD.`comment` GLOB 'v[1-9]*.*.*' AND (NEW.`comment` = '[已删除]' OR NEW.`comment` GLOB 'v[1-9]*.*.*')))
	OR (OLD.`followed_up_at` IS NOT NULL AND (NEW.`followed_up_at` IS NOT OLD.`followed_up_at` OR NEW.`follow_up` IS NOT OLD.`follow_up` OR NEW.`follow_up_by` IS NOT OLD.`follow_up_by`))
BEGIN
	SELECT RAISE(ABORT, 'application_ratings: the rating and its follow-up are written once');
END;
