'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { insuranceApi } from '@/lib/api/insurance';
import { EligibilityResult, type EligibilityResultView } from './eligibility-result';
import { FormError } from './form-error';
import { useApiMutation } from './use-api-mutation';
import { useHydrated } from './use-hydrated';

export interface CoverageFormPayer {
  payerId: string;
  name: string;
}

export interface CoverageFormProps {
  tenantSlug: string;
  /** The clinic's payer list (insuranceSettings.payers: payerId and name only). */
  payers: CoverageFormPayer[];
  timeZone: string;
  /** A dependent's EHR patient id; unset for the signed-in patient. */
  patientId?: string | undefined;
  /** The dependent's name, when the form is for a dependent (the guardian becomes the subscriber). */
  dependentName?: string | undefined;
  /** Prefill when changing existing coverage. */
  initial?:
    | {
        payerId: string | null;
        memberId: string | null;
        groupNumber: string | null;
        relationship: 'self' | 'spouse' | 'child' | 'other' | null;
      }
    | undefined;
  /** Called after a successful save, with the eligibility result (null when the clinic does not check). */
  onSaved?: ((result: { eligibility: EligibilityResultView | null }) => void) | undefined;
  /**
   * Re-render the page's server data after saving (default true; off where a refresh would leave the
   * page, e.g. registration).
   */
  refreshAfterSave?: boolean | undefined;
  /** Show the saved note and the check's result here (default true; off where the page shows them itself). */
  showResult?: boolean | undefined;
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * Typed, photo-free insurance form: payer from the clinic's list, member id, group number and who
 * holds the policy. Saves through the API (which stores a FHIR Coverage and checks eligibility) and
 * shows the check's result. Reusable: the insurance page, and registration.
 */
export function CoverageForm({
  tenantSlug,
  payers,
  timeZone,
  patientId,
  dependentName,
  initial,
  onSaved,
  refreshAfterSave = true,
  showResult = true,
}: CoverageFormProps): React.ReactElement {
  const t = useTranslations('insurance');
  const router = useRouter();
  const hydrated = useHydrated();
  const id = useId();
  const [saved, setSaved] = useState<{ eligibility: EligibilityResultView | null } | null>(null);
  const save = useApiMutation(insuranceApi.saveCoverage, {
    fallbackMessage: t('failed'),
    onSuccess: ({ eligibility }) => {
      const result = { eligibility };
      setSaved(result);
      onSaved?.(result);
      if (refreshAfterSave) router.refresh();
    },
  });
  const fieldErrors = save.error?.fieldErrors ?? {};
  const memberRef = useRef<HTMLInputElement>(null);
  const groupRef = useRef<HTMLInputElement>(null);

  /** Member id and group number belong to one insurance company: another company starts them empty. */
  function payerChanged(payerId: string): void {
    const same = payerId === initial?.payerId;
    if (memberRef.current) memberRef.current.value = same ? (initial.memberId ?? '') : '';
    if (groupRef.current) groupRef.current.value = same ? (initial.groupNumber ?? '') : '';
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      params: { tenant: tenantSlug },
      body: {
        ...(patientId ? { patientId } : {}),
        payerId: field(form, 'payerId'),
        memberId: field(form, 'memberId'),
        groupNumber: field(form, 'groupNumber'),
        relationship: field(form, 'relationship'),
      },
    });
  }

  const describedBy = (name: string, hint?: string): string | undefined =>
    [hint, fieldErrors[name] ? `${id}-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: string): React.ReactElement | null =>
    fieldErrors[name] ? (
      <p className="form-error" id={`${id}-${name}-error`}>
        {fieldErrors[name]}
      </p>
    ) : null;

  return (
    <>
      <form className="form" onSubmit={submit} noValidate>
        {dependentName ? <p className="muted">{t('dependentNote', { name: dependentName })}</p> : null}
        <div className="field">
          <label htmlFor={`${id}-payer`}>{t('payer')}</label>
          <select
            id={`${id}-payer`}
            name="payerId"
            required
            defaultValue={initial?.payerId ?? ''}
            onChange={(event) => payerChanged(event.currentTarget.value)}
            aria-invalid={Boolean(fieldErrors.payerId)}
            aria-describedby={describedBy('payerId')}
          >
            <option value="" disabled>
              {t('choosePayer')}
            </option>
            {payers.map((payer) => (
              <option key={payer.payerId} value={payer.payerId}>
                {payer.name}
              </option>
            ))}
          </select>
          {fieldError('payerId')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-member`}>{t('memberId')}</label>
          <input
            id={`${id}-member`}
            ref={memberRef}
            name="memberId"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={30}
            defaultValue={initial?.memberId ?? ''}
            aria-invalid={Boolean(fieldErrors.memberId)}
            aria-describedby={describedBy('memberId', `${id}-member-hint`)}
          />
          <p className="muted" id={`${id}-member-hint`}>
            {t('memberIdHint')}
          </p>
          {fieldError('memberId')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-group`}>{t('groupNumber')}</label>
          <input
            id={`${id}-group`}
            ref={groupRef}
            name="groupNumber"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={30}
            defaultValue={initial?.groupNumber ?? ''}
            aria-invalid={Boolean(fieldErrors.groupNumber)}
            aria-describedby={describedBy('groupNumber')}
          />
          {fieldError('groupNumber')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-relationship`}>{t('relationship')}</label>
          <select
            id={`${id}-relationship`}
            name="relationship"
            defaultValue={initial?.relationship ?? (dependentName ? 'child' : 'self')}
            aria-invalid={Boolean(fieldErrors.relationship)}
            aria-describedby={describedBy('relationship')}
          >
            {dependentName ? null : <option value="self">{t('self')}</option>}
            <option value="spouse">{t('spouse')}</option>
            <option value="child">{t('child')}</option>
            <option value="other">{t('other')}</option>
          </select>
          {fieldError('relationship')}
        </div>
        <FormError message={save.errorMessage} />
        <button className="button" type="submit" disabled={save.isPending || !hydrated}>
          {save.isPending ? t('saving') : t('save')}
        </button>
      </form>
      {saved && showResult ? (
        <div role="status">
          <p>{t('saved')}</p>
          {saved.eligibility ? <EligibilityResult result={saved.eligibility} timeZone={timeZone} /> : null}
        </div>
      ) : null}
    </>
  );
}
