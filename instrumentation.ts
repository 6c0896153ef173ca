/** Next.js start-up hook. Node-only work lives in lib/startup so the Edge bundle never sees it. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { onServerStart } = await import('@/lib/startup/on-server-start');
    await onServerStart();
  }
}
