-- Issue 17, hardening. A confirmation cookie is shown once on the server: its nonce is recorded
-- here on first display, and a replay finds it (worker/lib/requests.ts takeFlash).
CREATE TABLE `flash_uses` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
-- One person cannot take every place of a reception day (issue 17, item 11): the keyed hash of the
-- appointment's phone (HMAC under PHONE_HASH_KEY), checked in the booking's one INSERT … SELECT.
ALTER TABLE `appointments` ADD `phone_hash` text;
--> statement-breakpoint
CREATE INDEX `appointments_phone_hash_idx` ON `appointments` (`phone_hash`,`status`);
