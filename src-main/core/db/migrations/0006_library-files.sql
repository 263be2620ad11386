ALTER TABLE `recordings` ADD `file_missing_since` integer;--> statement-breakpoint
ALTER TABLE `rules` ADD `library` text;