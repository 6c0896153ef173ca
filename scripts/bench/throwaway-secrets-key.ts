/**
 * Benchmarks create throwaway clinics in a throwaway database: a throwaway key encrypts their EHR
 * credentials (lib/security/secrets.ts), unless SECRETS_KEY is set. Imported first by each benchmark.
 */
import { generateSecretsKey } from '@/lib/security/secrets';

process.env.SECRETS_KEY ??= generateSecretsKey('bench');
