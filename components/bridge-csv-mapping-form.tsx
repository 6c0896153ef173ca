'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { bridgeApi } from '@/lib/api/bridge';
import type { CsvColumnView } from '@/lib/bridge/admin/update-csv-mapping';
import type { CsvKind } from '@/lib/bridge/bridge-settings';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/** An administrator's column mapping for one kind of CSV export: one labelled input per bridge field. */
export function BridgeCsvMappingForm({
  tenantSlug,
  kind,
  columns,
}: {
  tenantSlug: string;
  kind: CsvKind;
  columns: CsvColumnView[];
}): React.ReactElement {
  const t = useTranslations('bridgeAdmin');
  const router = useRouter();
  const hydrated = useHydrated();
  const save = useApiMutation(bridgeApi.updateCsvMapping, {
    fallbackMessage: t('mappingFailed'),
    onSuccess: () => router.refresh(),
  });
  const kindName = t(`kinds.${kind}`);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const mapping = Object.fromEntries(
      columns.map(({ field }) => {
        const value = form.get(field);
        return [field, typeof value === 'string' ? value : ''];
      }),
    );
    save.mutate({ params: { tenant: tenantSlug }, body: { kind, columns: mapping } });
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`bridge-mapping-${kind}`}>
      <h4 id={`bridge-mapping-${kind}`}>{t('mappingCaption', { kind: kindName })}</h4>
      <FormError message={save.errorMessage} />
      {columns.map(({ field, column, required }) => {
        const id = `bridge-mapping-${kind}-${field}`;
        return (
          <div className="field" key={field}>
            <label htmlFor={id}>
              {t('mappingInput', { field })}
              {required ? ` (${t('required')})` : ''}
            </label>
            <input id={id} name={field} defaultValue={column} autoComplete="off" maxLength={120} />
          </div>
        );
      })}
      <p role="status">{save.data && !save.isPending ? t('mappingSaved', { kind: kindName }) : null}</p>
      <button className="button button--secondary" type="submit" disabled={!hydrated || save.isPending}>
        {save.isPending ? t('mappingSaving') : t('mappingSave', { kind: kindName })}
      </button>
    </form>
  );
}
