'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { CoverageForm, type CoverageFormProps } from './coverage-form';

export interface CoverageEditorProps extends Omit<CoverageFormProps, 'onSaved' | 'refreshAfterSave' | 'showResult'> {
  /** Open at first (no insurance on file yet). */
  startOpen: boolean;
}

/**
 * Adding or changing insurance on the insurance page: the form folds away once saved and the page,
 * refreshed, shows what is on file and the check's result (once); a note says it was saved.
 */
export function CoverageEditor({ startOpen, ...form }: CoverageEditorProps): React.ReactElement {
  const t = useTranslations('insurance');
  const [open, setOpen] = useState(startOpen);
  const [saved, setSaved] = useState(0);
  return (
    <>
      {saved > 0 ? <p role="status">{t('saved')}</p> : null}
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>{form.initial ? t('change') : t('add')}</summary>
        <CoverageForm
          // A fresh form after each save, prefilled with what is now on file.
          key={saved}
          {...form}
          showResult={false}
          onSaved={() => {
            setSaved((count) => count + 1);
            setOpen(false);
          }}
        />
      </details>
    </>
  );
}
