/**
 * The clinic's watched folder: each `patients*.csv`, `appointments*.csv` or `slots*.csv` the EHR drops
 * there is imported (patients first, so appointments find them) and moved to `imported/` (or `refused/`
 * when a required column is missing). Run on a timer by the worker; importing again is harmless.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BridgeContext } from '../bridge-context';
import { CsvFileRefused, csvKindOfFile, importCsv, type CsvImportSummary } from './import-csv';

const ORDER = { patients: 0, slots: 1, appointments: 2 } as const;

export async function importCsvFolder(
  context: BridgeContext,
): Promise<{ file: string; summary: CsvImportSummary | null; refused: string[] | null }[]> {
  const folder = context.settings.csv.watchFolder;
  if (!folder) return [];
  const files = (await readdir(folder))
    .map((name) => ({ name, kind: csvKindOfFile(name) }))
    .filter((file): file is { name: string; kind: NonNullable<ReturnType<typeof csvKindOfFile>> } => file.kind !== null)
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name));
  const results = [];
  for (const file of files) {
    const full = path.join(folder, file.name);
    const fileTime = (await stat(full)).mtime;
    let summary: CsvImportSummary | null = null;
    let refused: string[] | null = null;
    try {
      summary = await importCsv(context, { kind: file.kind, stream: createReadStream(full), fileTime });
    } catch (error) {
      if (!(error instanceof CsvFileRefused)) throw error;
      refused = error.missingColumns;
    }
    const target = path.join(folder, refused ? 'refused' : 'imported');
    await mkdir(target, { recursive: true });
    await rename(full, path.join(target, file.name));
    results.push({ file: file.name, summary, refused });
  }
  return results;
}
