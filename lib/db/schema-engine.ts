/**
 * Prisma's schema engine, loaded from its official WebAssembly build so that migrations can be created
 * and applied on machines that cannot download Prisma's native engine. Server-side scripts only.
 *
 * The migrations it applies are ordinary `prisma/migrations/<name>/migration.sql` folders and it records
 * them in `_prisma_migrations`, so `prisma migrate deploy` stays usable wherever the native engine exists.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } from '@prisma/driver-adapter-utils';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm';
import type { MigrationList, SchemaEngine as WasmSchemaEngine } from '@prisma/schema-engine-wasm';

import { MIGRATIONS_DIR, listMigrationNames } from './migration-files';

export const SCHEMA_PATH = path.join(process.cwd(), 'prisma', 'schema.prisma');

type SchemaEngineModule = typeof SchemaEngineWasm;

let enginePromise: Promise<SchemaEngineModule> | undefined;

async function loadWasmModule(): Promise<SchemaEngineModule> {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindings = (await import(bgPath)) as SchemaEngineModule & { __wbg_set_wasm(exports: unknown): void };
  const wasmBytes = await readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return bindings;
}

/**
 * The pg adapter splits a migration script on every `;`, which breaks dollar-quoted bodies (functions,
 * triggers, DO blocks). This one sends the script whole, as one simple-protocol query: PostgreSQL
 * parses it properly and runs it as one implicit transaction, so a failing migration leaves nothing
 * half-applied.
 */
class WholeScriptPrismaPg extends PrismaPg {
  private readonly scriptPool: pg.Pool;

  constructor(pool: pg.Pool) {
    super(pool);
    this.scriptPool = pool;
  }

  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string): Promise<void> => {
      try {
        await this.scriptPool.query(script);
      } catch (error) {
        const failure = error as Partial<pg.DatabaseError> & Error;
        throw new DriverAdapterError({
          kind: 'postgres',
          code: failure.code ?? 'N/A',
          severity: failure.severity ?? 'ERROR',
          message: failure.message,
          detail: failure.detail,
          column: failure.column,
          hint: failure.hint,
        });
      }
    };
    return adapter;
  }
}

/** Opens the schema engine against one database; `close()` it when done. */
export async function openSchemaEngine(
  databaseUrl: string,
  schemaText?: string,
): Promise<{ engine: WasmSchemaEngine; close: () => Promise<void> }> {
  enginePromise ??= loadWasmModule();
  const wasm = await enginePromise;
  const datamodel = schemaText ?? (await readFile(SCHEMA_PATH, 'utf8'));
  // Our own pool, so that closing it ends the engine's session (and the advisory lock it holds).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPrismaPg(pool));
  const engine = await wasm.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, datamodel]] }, () => undefined, adapter);
  return {
    engine,
    close: async () => {
      engine.free();
      await pool.end();
    },
  };
}

export async function loadMigrationList(migrationsDir = MIGRATIONS_DIR): Promise<MigrationList> {
  const names = await listMigrationNames(migrationsDir);
  const lockfilePath = path.join(migrationsDir, 'migration_lock.toml');
  const lockfile = await readFile(lockfilePath, 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockfile },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => {
        const sql = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8').then(
          (content) => ({ tag: 'ok' as const, value: content }),
          (error: unknown) => ({ tag: 'error' as const, value: String(error) }),
        );
        return { path: name, migrationFile: { path: 'migration.sql', content: sql } };
      }),
    ),
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Applies every migration not yet recorded in `_prisma_migrations`. Idempotent: a second run applies
 * nothing. Concurrent runs are serialized by the engine's advisory lock.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(databaseUrl);
  try {
    const result = await engine.applyMigrations({ migrationsList: await loadMigrationList(), filters: noFilters });
    return result.appliedMigrationNames;
  } finally {
    await close();
  }
}

/** SQL that turns a database described by `fromSchema` (or an empty one) into `toSchema`. */
export async function diffSchemas(databaseUrl: string, fromSchema: string | null, toSchema: string): Promise<string> {
  const { engine, close } = await openSchemaEngine(databaseUrl, toSchema);
  try {
    const result = await engine.diff({
      from:
        fromSchema === null
          ? { tag: 'empty' }
          : { tag: 'schemaDatamodel', files: [{ path: 'previous.prisma', content: fromSchema }] },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: toSchema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  } finally {
    await close();
  }
}
