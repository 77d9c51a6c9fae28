-- Issue 17, hardening. A confirmation cookie is shown once on the server: its nonce is recorded
-- here on first display, and a replay finds it (worker/lib/requests.ts takeFlash).
CREATE TABLE `flash_uses` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
