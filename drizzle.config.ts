import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src-main/core/db/schema.ts', './src-main/core/db/schema-history.ts'],
  out: './src-main/core/db/migrations',
});
