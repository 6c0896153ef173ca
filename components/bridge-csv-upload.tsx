'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { bridgeApi } from '@/lib/api/bridge';
import type { CsvKind } from '@/lib/bridge/bridge-settings';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

/** An administrator's upload of a CSV export (read in the browser, sent as text); shows the counts applied. */
export function BridgeCsvUpload({ tenantSlug, kinds }: { tenantSlug: string; kinds: CsvKind[] }): React.ReactElement {
  const t = useTranslations('bridgeAdmin');
  const router = useRouter();
  const hydrated = useHydrated();
  const [noFile, setNoFile] = useState(false);
  const upload = useApiMutation(bridgeApi.uploadCsv, {
    fallbackMessage: t('uploadFailed'),
    onSuccess: () => router.refresh(),
  });

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const kind = form.get('kind');
    if (!(file instanceof File) || file.size === 0) {
      setNoFile(true);
      return;
    }
    setNoFile(false);
    upload.mutate({
      params: { tenant: tenantSlug },
      body: { kind: (typeof kind === 'string' ? kind : '') as CsvKind, csv: await file.text() },
    });
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <FormError message={noFile ? t('uploadNoFile') : upload.errorMessage} />
      <div className="field">
        <label htmlFor="bridge-csv-kind">{t('kind')}</label>
        <select id="bridge-csv-kind" name="kind" defaultValue={kinds[0]}>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kinds.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="bridge-csv-file">{t('file')}</label>
        <input id="bridge-csv-file" name="file" type="file" accept=".csv,text/csv" />
      </div>
      <p role="status">{upload.data && !upload.isPending ? t('uploadDone', upload.data) : null}</p>
      <button className="button" type="submit" disabled={!hydrated || upload.isPending}>
        {upload.isPending ? t('uploading') : t('upload')}
      </button>
    </form>
  );
}
