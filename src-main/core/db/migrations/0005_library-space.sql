CREATE TABLE `recording_deletions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer NOT NULL,
	`title` text NOT NULL,
	`path` text,
	`bytes` integer NOT NULL,
	`reason` text NOT NULL,
	`detail` text NOT NULL,
	`error` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deletions_at` ON `recording_deletions` (`at`);--> statement-breakpoint
ALTER TABLE `recordings` ADD `protected` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `recordings` ADD `watched_at` integer;