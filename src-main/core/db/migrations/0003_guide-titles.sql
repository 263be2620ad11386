CREATE TABLE `guide_titles` (
	`guide_id` integer NOT NULL,
	`title` text NOT NULL,
	PRIMARY KEY(`guide_id`, `title`),
	FOREIGN KEY (`guide_id`) REFERENCES `guides`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Guides imported before this table existed: their titles now, not at their next refresh.
INSERT INTO `guide_titles` (`guide_id`, `title`) SELECT DISTINCT `guide_id`, `title` FROM `programmes`;
