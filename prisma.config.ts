import { defineConfig } from 'prisma/config';

// Prisma 7 does not read .env. Only `prisma generate` is run through the CLI here; migrations are
// created and applied by scripts/ with the wasm schema engine (see README, "Database").
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
