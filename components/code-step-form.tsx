import type { FormEvent, ReactNode } from 'react';
import { FormError } from './form-error';
import { OneTimeCodeInput } from './one-time-code-input';

export interface CodeStepFormProps {
  /** The step's wording, translated by the calling form (sign-in or registration). */
  labels: { sentTo: ReactNode; code: string; verify: string; working: string; resend: string; startOver: string };
  codeInputId: string;
  pending: boolean;
  error: string | null;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onResend: () => void;
  onStartOver: () => void;
}

/** The "enter the code we sent" step shared by MRN sign-in and registration. */
export function CodeStepForm({
  labels,
  codeInputId,
  pending,
  error,
  onSubmit,
  onResend,
  onStartOver,
}: CodeStepFormProps): React.ReactElement {
  return (
    <form className="form" onSubmit={onSubmit}>
      <p role="status">{labels.sentTo}</p>
      <div className="field">
        <label htmlFor={codeInputId}>{labels.code}</label>
        <OneTimeCodeInput id={codeInputId} />
      </div>
      <FormError message={error} />
      <button className="button" type="submit" disabled={pending}>
        {pending ? labels.working : labels.verify}
      </button>
      <button className="button button--secondary" type="button" disabled={pending} onClick={onResend}>
        {labels.resend}
      </button>
      <button className="button button--secondary" type="button" onClick={onStartOver}>
        {labels.startOver}
      </button>
    </form>
  );
}
