CREATE TABLE `airing_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` integer NOT NULL,
	`airing_key` text NOT NULL,
	`action` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `rules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `overrides_rule_airing` ON `airing_overrides` (`rule_id`,`airing_key`);--> statement-breakpoint
CREATE TABLE `episode_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer,
	`rule_id` integer,
	`title` text NOT NULL,
	`uid_key` text,
	`episode_key` text,
	`sub_title_key` text,
	`description_key` text,
	`aired_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `history_uid` ON `episode_history` (`uid_key`);--> statement-breakpoint
CREATE INDEX `history_episode` ON `episode_history` (`episode_key`);--> statement-breakpoint
CREATE INDEX `history_sub_title` ON `episode_history` (`sub_title_key`);--> statement-breakpoint
CREATE INDEX `history_description` ON `episode_history` (`description_key`);--> statement-breakpoint
CREATE INDEX `history_recording` ON `episode_history` (`recording_id`);--> statement-breakpoint
CREATE TABLE `rule_skips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` integer NOT NULL,
	`airing_key` text NOT NULL,
	`channel_id` integer,
	`programme_id` integer,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`title` text NOT NULL,
	`sub_title` text,
	`season` integer,
	`episode` integer,
	`skip` text NOT NULL,
	`reason` text NOT NULL,
	`duplicate_of` text,
	FOREIGN KEY (`rule_id`) REFERENCES `rules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `skips_rule_start` ON `rule_skips` (`rule_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`pad_before_ms` integer,
	`pad_after_ms` integer,
	`keep_last` integer,
	`container` text,
	`config` text NOT NULL,
	`upcoming` integer DEFAULT 0 NOT NULL,
	`warnings` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `programmes` ADD `uid` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `rule_id` integer REFERENCES rules(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `recordings` ADD `airing_key` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `programme` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `conflict` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `plan_note` text;--> statement-breakpoint
CREATE INDEX `recordings_rule` ON `recordings` (`rule_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `recordings_airing_active` ON `recordings` (`airing_key`) WHERE airing_key IS NOT NULL AND status IN ('scheduled', 'recording');--> statement-breakpoint
ALTER TABLE `sources` ADD `connection_group` text;