'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'use-intl';
import { onboardingApi } from '@/lib/api/onboarding';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/** Runs the EHR check again; the page then shows the new report. */
export function RunEhrCheckButton({ tenantSlug }: { tenantSlug: string }): React.ReactElement {
  const t = useTranslations('staff.ehr');
  const router = useRouter();
  const hydrated = useHydrated();
  const run = useApiMutation(onboardingApi.runEhrCheck, {
    fallbackMessage: t('runFailed'),
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
        {run.isPending ? t('running') : t('run')}
      </button>
    </>
  );
}
