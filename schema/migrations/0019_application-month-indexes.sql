-- A month's 绩效评估 (worker/services/application-performance.ts, issue 12) reads the applications
-- received in the month, concluded in it, or open and past their commitment by its end, and the
-- ratings given in it. (concluded_on, due_by) serves both "concluded in the month" and "open
-- (concluded_on is null) and due before its end" as index ranges. Without these indexes each read
-- scanned the whole table: at 1,000,000 applications a month's table took 22× as long as at
-- 10,000 (npm run bench:applications).
CREATE INDEX `applications_received_on` ON `applications` (`received_on`);
--> statement-breakpoint
CREATE INDEX `applications_concluded_due` ON `applications` (`concluded_on`,`due_by`);
--> statement-breakpoint
CREATE INDEX `application_ratings_rated_at` ON `application_ratings` (`rated_at`);
