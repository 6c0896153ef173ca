import type { Database } from '@/lib/db/client';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import type { EligibilityProvider } from './eligibility-provider';

/** What the insurance use-cases need; tests build it with real parts pointed at local servers. */
export interface InsuranceDeps {
  database: Database;
  provider: SchedulingProvider;
  /** null when the clinic does not check eligibility (`kind: none`). */
  eligibility: EligibilityProvider | null;
  /** Plans the retry of an unanswered check (the queue in production: lib/insurance/eligibility-jobs.ts). */
  scheduleRetry: (retry: { checkId: string; attempts: number; at: Date }) => Promise<void>;
  now?: () => Date;
}
