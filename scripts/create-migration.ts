/**
 * `npm run db:migration:create -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that turns the previous migration's schema into the current prisma/schema.prisma.
 *
 * Each migration folder keeps a copy of the schema it produces (schema.prisma) so the next diff starts
 * from it; Prisma's own tools ignore that file. Works offline through the wasm schema engine.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listMigrationNames, MIGRATIONS_DIR } from '@/lib/db/migration-files';
import { diffSchemas, SCHEMA_PATH } from '@/lib/db/schema-engine';
import { fail, loadLauncherConfig, openMigratedDatabase, runCli } from './cli';

void runCli(async () => {
  const name = process.argv[2]
    ?.trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  if (!name) fail('Usage: npm run db:migration:create -- <name>');

  const previous = (await listMigrationNames()).at(-1);
  const fromSchema = previous ? await readFile(path.join(MIGRATIONS_DIR, previous, 'schema.prisma'), 'utf8') : null;
  const toSchema = await readFile(SCHEMA_PATH, 'utf8');

  const { server, close } = await openMigratedDatabase(loadLauncherConfig());
  const sql = await diffSchemas(server.ownerDatabaseUrl, fromSchema, toSchema);
  await close();
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log('The schema has not changed since the last migration; nothing to create.');
    return;
  }

  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await writeFile(path.join(folder, 'schema.prisma'), toSchema);
  await writeFile(
    path.join(MIGRATIONS_DIR, 'migration_lock.toml'),
    '# Do not edit by hand.\nprovider = "postgresql"\n',
  );
  console.log(`Created ${path.relative(process.cwd(), folder)}/migration.sql`);
});
