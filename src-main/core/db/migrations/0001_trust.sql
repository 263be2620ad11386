CREATE TABLE `stream_latency` (
	`key` text PRIMARY KEY NOT NULL,
	`ttfb_ms` integer NOT NULL,
	`samples` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `guides` ADD `first_import_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sources` ADD `first_import_pending` integer DEFAULT false NOT NULL;