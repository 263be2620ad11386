CREATE TABLE `channels` (
	`id` integer PRIMARY KEY NOT NULL,
	`source_id` integer NOT NULL,
	`stable_key` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`number` text,
	`group_name` text,
	`logo` text,
	`headers` text DEFAULT '{}' NOT NULL,
	`fallback_urls` text DEFAULT '[]' NOT NULL,
	`kind` text DEFAULT 'live' NOT NULL,
	`tvg_id` text,
	`tvg_name` text,
	`attrs` text DEFAULT '{}' NOT NULL,
	`guide_id` integer,
	`guide_channel_id` text,
	`guide_mapping_manual` integer DEFAULT false NOT NULL,
	`guide_match` text,
	`missing_since` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`guide_id`) REFERENCES `guides`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_source_key` ON `channels` (`source_id`,`stable_key`);--> statement-breakpoint
CREATE TABLE `guide_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guide_id` integer NOT NULL,
	`xmltv_id` text NOT NULL,
	`display_names` text DEFAULT '[]' NOT NULL,
	`normalized_name` text,
	`icon` text,
	FOREIGN KEY (`guide_id`) REFERENCES `guides`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guide_channels_key` ON `guide_channels` (`guide_id`,`xmltv_id`);--> statement-breakpoint
CREATE INDEX `guide_channels_norm` ON `guide_channels` (`normalized_name`);--> statement-breakpoint
CREATE TABLE `guides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`location` text NOT NULL,
	`offset_hours` integer DEFAULT 0 NOT NULL,
	`source_id` integer,
	`refresh_hours` integer DEFAULT 24 NOT NULL,
	`last_refresh_at` integer,
	`last_attempt_at` integer,
	`last_error` text,
	`last_import` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY NOT NULL,
	`guide_id` integer NOT NULL,
	`xmltv_channel_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`stop_at` integer,
	`title` text NOT NULL,
	`sub_title` text,
	`description` text,
	`categories` text DEFAULT '[]' NOT NULL,
	`season` integer,
	`episode` integer,
	`episode_num` text,
	`is_new` integer DEFAULT false NOT NULL,
	`previously_shown` integer DEFAULT false NOT NULL,
	`premiere` integer DEFAULT false NOT NULL,
	`icon` text,
	`rating` text,
	`seen_at` integer NOT NULL,
	FOREIGN KEY (`guide_id`) REFERENCES `guides`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_identity` ON `programmes` (`guide_id`,`xmltv_channel_id`,`start_at`,`title`);--> statement-breakpoint
CREATE TABLE `recording_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_recording` ON `recording_events` (`recording_id`,`id`);--> statement-breakpoint
CREATE TABLE `recording_segments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recording_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`path` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`bytes` integer DEFAULT 0 NOT NULL,
	`media_ms` integer DEFAULT 0 NOT NULL,
	`end_reason` text,
	`error` text,
	`pid` integer,
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_recording_idx` ON `recording_segments` (`recording_id`,`idx`);--> statement-breakpoint
CREATE TABLE `recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`channel_id` integer,
	`url` text,
	`programme_id` integer,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`pad_before_ms` integer DEFAULT 0 NOT NULL,
	`pad_after_ms` integer DEFAULT 0 NOT NULL,
	`container` text DEFAULT 'ts' NOT NULL,
	`status` text NOT NULL,
	`attempt` integer DEFAULT 0 NOT NULL,
	`error` text,
	`actual_start_at` integer,
	`actual_end_at` integer,
	`output_path` text,
	`size_bytes` integer,
	`duration_ms` integer,
	`captured_ms` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `recordings_status_start` ON `recordings` (`status`,`start_at`);--> statement-breakpoint
CREATE INDEX `recordings_channel` ON `recordings` (`channel_id`);--> statement-breakpoint
CREATE INDEX `recordings_programme` ON `recordings` (`programme_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`location` text,
	`config` text DEFAULT '{}' NOT NULL,
	`max_connections` integer,
	`refresh_hours` integer DEFAULT 24 NOT NULL,
	`last_refresh_at` integer,
	`last_attempt_at` integer,
	`last_error` text,
	`last_import` text,
	`channel_counts` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
