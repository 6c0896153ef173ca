/** The migration folders under prisma/migrations, without loading the schema engine. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');

/** Migration folder names in the order they apply. */
export async function listMigrationNames(migrationsDir?: string): Promise<string[]> {
  // The literal path keeps bundlers' file tracing scoped to prisma/migrations.
  const entries = await readdir(migrationsDir ?? path.join(process.cwd(), 'prisma', 'migrations'), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
