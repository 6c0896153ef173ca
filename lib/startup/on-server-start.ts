/** Node.js start-up of the Next server: validate configuration before serving anything. */
import { ConfigError, getConfig } from '@/lib/config';

export function onServerStart(): void {
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nStart the app with \`npm start\` to run it with an embedded database.`);
      process.exit(1);
    }
    throw error;
  }
}
