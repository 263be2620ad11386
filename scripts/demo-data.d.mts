// Types for demo-data.mjs, so TypeScript callers (the e2e specs) import it without `any`.
export function demoFiles(dir?: string): { playlist: string; guide: string };
export function seedDemo(origin: string, token: string): Promise<void>;
