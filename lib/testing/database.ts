/** The integration tests' handle on the run's app database. */
import { afterAll, inject } from 'vitest';
import { createDatabase, type Database } from '@/lib/db/client';

/** A Prisma client on the run's database, disconnected after the file's tests. */
export function testDatabase(): Database {
  const database = createDatabase(inject('databaseUrl'));
  afterAll(async () => {
    await database.$disconnect();
  });
  return database;
}

/** A slug no other test will pick. */
export function uniqueSlug(prefix = 'clinic'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
