/**
 * Runs `prisma generate` without the native schema engine, which cannot be downloaded on
 * offline machines. Generation does not use the engine; the CLI only insists that the file exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const engineStandIn =
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync('/bin/true') ? '/bin/true' : process.execPath);
const result = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
