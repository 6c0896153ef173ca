'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'use-intl';
import { bridgeApi } from '@/lib/api/bridge';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/**
 * Retries one quarantined record of the legacy-EHR bridge and says what came of it: applied (the
 * button goes; the list drops it on the next visit), or still quarantined with the reason (the page
 * reloads its attempt count).
 */
export function BridgeRetryButton({
  tenantSlug,
  recordId,
}: {
  tenantSlug: string;
  recordId: string;
}): React.ReactElement {
  const t = useTranslations('bridgeAdmin');
  const router = useRouter();
  const hydrated = useHydrated();
  const retry = useApiMutation(bridgeApi.retryRecord, {
    fallbackMessage: t('retryFailed'),
    onSuccess: (data) => {
      if (data.status === 'quarantined') router.refresh();
    },
  });
  const result = retry.data;
  const reasonKey = result?.status === 'quarantined' ? `reason.${result.reason}` : null;
  return (
    <div className="actions">
      <FormError message={retry.errorMessage} />
      <p role="status">
        {result?.status === 'applied'
          ? t('retryApplied')
          : reasonKey && result?.status === 'quarantined'
            ? t('retryStillQuarantined', { reason: t.has(reasonKey) ? t(reasonKey) : result.reason })
            : null}
      </p>
      {result?.status === 'applied' ? null : (
        <button
          className="button button--secondary"
          type="button"
          disabled={!hydrated || retry.isPending}
          onClick={() => retry.mutate({ params: { tenant: tenantSlug, id: recordId } })}
        >
          {retry.isPending ? t('retrying') : t('retry')}
        </button>
      )}
    </div>
  );
}
