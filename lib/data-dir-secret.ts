/**
 * A secret the embedded demo generates once and keeps in DATA_DIR (mode 600), so that it survives
 * restarts: the session secret, the app role's database password, the key for secrets at rest.
 * Deployments on their own database set these in the environment instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function dataDirSecret(dataDir: string, fileName: string, generate: () => string): string {
  const file = path.join(dataDir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, generate(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
