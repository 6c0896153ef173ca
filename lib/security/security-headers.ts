/**
 * The security headers of every page and API answer. The Content-Security-Policy carries a fresh
 * nonce per request (proxy.ts puts it on the request too, where Next.js finds it and stamps its own
 * scripts with it), so only the scripts the server rendered run: `'strict-dynamic'` lets those load
 * the chunks they need, and nothing injected can. Styles allow inline attributes (React `style`
 * props), which cannot carry nonces; no script can come that way. The headers that need no nonce
 * (X-Content-Type-Options, X-Frame-Options, Referrer-Policy, Permissions-Policy) are set for every
 * path, static files included, in next.config.js; these functions build the per-request ones.
 */

export interface CspOptions {
  nonce: string;
  /** The dev server's hot reload needs eval and its websocket. */
  development: boolean;
  /** Served over https: ask browsers to upgrade any stray http subresource. */
  https: boolean;
}

export function contentSecurityPolicy(options: CspOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${options.development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Two years, subdomains included, as the HSTS preload list asks; only for APP_ENV=production. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
