/**
 * The app database's Prisma client, one per process, over the `pg` driver adapter.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getConfig } from '@/lib/config';

export type Database = PrismaClient;

export function createDatabase(databaseUrl: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

const globalForDb = globalThis as typeof globalThis & { __appDatabase?: Database };

/** The process-wide client for the configured DATABASE_URL (survives dev hot reloads). */
export function db(): Database {
  globalForDb.__appDatabase ??= createDatabase(getConfig().DATABASE_URL);
  return globalForDb.__appDatabase;
}
