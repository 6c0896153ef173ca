import { headers } from 'next/headers';

/** The path of the page being rendered (stamped by proxy.ts), for links back to it. */
export async function currentPath(fallback: string): Promise<string> {
  const path = (await headers()).get('x-pathname');
  return path && path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
