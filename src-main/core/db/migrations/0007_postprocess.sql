CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer NOT NULL,
	`step` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`error` text,
	`output_tail` text,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jobs_state_next` ON `jobs` (`state`,`next_at`);--> statement-breakpoint
CREATE INDEX `jobs_recording` ON `jobs` (`recording_id`,`id`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`when` text NOT NULL,
	`crf` integer NOT NULL,
	`preset` text NOT NULL,
	`deinterlace` text NOT NULL,
	`encoder` text NOT NULL,
	`max_height` integer,
	`audio_bitrate_kbps` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profiles_name_unique` ON `profiles` (`name`);--> statement-breakpoint
ALTER TABLE `recordings` ADD `profile_id` integer REFERENCES profiles(id);--> statement-breakpoint
ALTER TABLE `rules` ADD `profile_id` integer REFERENCES profiles(id);--> statement-breakpoint
ALTER TABLE `sources` ADD `profile_id` integer REFERENCES profiles(id);