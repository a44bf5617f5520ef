import { defineConfig } from 'drizzle-kit';

// One migrations folder serves both engines (PGlite and PostgreSQL).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
