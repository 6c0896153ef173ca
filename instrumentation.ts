/** Next.js start-up hook: validate configuration before serving anything, so a bad setting fails loudly. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getConfig, ConfigError } = await import('@/lib/config');
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
