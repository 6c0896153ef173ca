'use client';

import { useRouter } from 'next/navigation';
import { onboardingApi } from '@/lib/api/onboarding';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/** Runs the EHR check again; the page then shows the new report. */
export function RunEhrCheckButton({ tenantSlug }: { tenantSlug: string }): React.ReactElement {
  const router = useRouter();
  const hydrated = useHydrated();
  const run = useApiMutation(onboardingApi.runEhrCheck, {
    fallbackMessage: 'The check could not be run. Please try again.',
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <FormError message={run.errorMessage} />
      <button
        className="button"
        type="button"
        disabled={!hydrated || run.isPending}
        onClick={() => run.mutate({ params: { tenant: tenantSlug } })}
      >
        {run.isPending ? 'Checking the EHR…' : 'Run the check again'}
      </button>
    </>
  );
}
