/** The migration folders under prisma/migrations, without loading the schema engine. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');

/** Migration folder names in the order they apply. */
export async function listMigrationNames(migrationsDir?: string): Promise<string[]> {
  // Not traced by the bundler (it would pull in the whole project); next.config.js includes
  // prisma/migrations in the traced output of the routes that read it.
  const entries = await readdir(/* turbopackIgnore: true */ migrationsDir ?? MIGRATIONS_DIR, {
    withFileTypes: true,
  }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
