/**
 * `npm start` (production server) and `npm run dev` (development server with hot reload).
 *
 * With DATABASE_URL unset it runs an embedded PostgreSQL under DATA_DIR (data kept across restarts),
 * seeds the demo clinic, and serves it. With DATABASE_URL set it uses that server and seeds nothing.
 * Either way it applies pending migrations before serving.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describeDatabaseUrl } from '@/lib/db/admin';
import { seedDemo } from '@/lib/demo/seed-demo';
import { loadLauncherConfig, openMigratedDatabase, runCli, webServerEnvironment } from './cli';

const devMode = process.argv.includes('--dev');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

void runCli(
  async () => {
    const config = loadLauncherConfig();
    const { server, database, close } = await openMigratedDatabase(config, { serving: true });
    const source = server.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL';
    console.log(`Database: ${source} (${describeDatabaseUrl(server.appDatabaseUrl)})`);
    if (server.embedded) {
      const { tenant, created, fhirResources } = await seedDemo(
        database,
        config.APP_BASE_URL,
        server.sandboxDatabaseUrl,
      );
      if (created) console.log(`Seeded demo clinic "${tenant.displayName}"`);
      if (fhirResources > 0)
        console.log(`Seeded the FHIR sandbox with ${fhirResources} resources (/fhir/${tenant.slug})`);
    }
    await database.$disconnect();

    const env = webServerEnvironment(config, server);
    if (!devMode && !existsSync('.next/BUILD_ID')) {
      console.log('No production build found; building once (about a minute)...');
      const build = spawnSync(process.execPath, [nextBin, 'build'], {
        stdio: 'inherit',
        env: { ...env, NODE_ENV: 'production' },
      });
      if (build.status !== 0) {
        await close();
        process.exit(build.status ?? 1);
      }
    }

    // The app's own HTTP server (scripts/serve.ts: records the socket peer for the client address
    // check; loopback only in development), run directly (not through npx) so that signals reach it.
    const child: ChildProcess = spawn(process.execPath, [tsxCli, 'scripts/serve.ts', ...(devMode ? ['--dev'] : [])], {
      stdio: 'inherit',
      env,
    });
    console.log(`Serving on ${config.APP_BASE_URL}`);

    let stopping = false;
    const stop = async (code: number): Promise<void> => {
      if (stopping) return;
      stopping = true;
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await close();
      process.exit(code);
    };
    process.on('SIGINT', () => void stop(0));
    process.on('SIGTERM', () => void stop(0));
    child.on('exit', (code) => void stop(code ?? 0));
  },
  { keepAlive: true },
);
