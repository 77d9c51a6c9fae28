-- Appointments registered by staff (预约登记本, seed 001; issue 13): the channel the request came
-- by (online form, phone, walk-in) and the staff member who wrote a phone or walk-in request down.
-- Rows booked before this migration came through the online form or the API.
ALTER TABLE `appointments` ADD `channel` text DEFAULT 'online' NOT NULL;
--> statement-breakpoint
ALTER TABLE `appointments` ADD `registered_by` text;
--> statement-breakpoint
CREATE INDEX `appointments_channel_requested_idx` ON `appointments` (`channel`,`requested_at`);
