import type { InputHTMLAttributes } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: string;
  /** Shown under the input and read with it. */
  hint?: string | undefined;
  /** The server's message for this field, read with it and marking it invalid. */
  error?: string | undefined;
}

/** A labelled input with its hint and error, tied to it for screen readers. */
export function TextField({ id, label, hint, error, ...input }: TextFieldProps): React.ReactElement {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...input}
        {...(error ? { 'aria-invalid': true } : {})}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      />
      {hint ? (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export type AddressPart = 'line' | 'city' | 'state' | 'postalCode';

/** The limits the server holds an address to (lib/identity/patient/registration-details.ts). */
const ADDRESS_MAX_LENGTH: Record<AddressPart, number> = { line: 100, city: 60, state: 40, postalCode: 20 };
const ADDRESS_AUTOCOMPLETE: Record<AddressPart, string> = {
  line: 'street-address',
  city: 'address-level2',
  state: 'address-level1',
  postalCode: 'postal-code',
};
const ADDRESS_PARTS: readonly AddressPart[] = ['line', 'city', 'state', 'postalCode'];

/** A postal address as four fields named line, city, state and postalCode. */
export function AddressFields({
  idPrefix,
  labels,
  defaults,
  errors = {},
  lineRequired = false,
}: {
  idPrefix: string;
  labels: Record<AddressPart, string>;
  defaults: Partial<Record<AddressPart, string | undefined>>;
  errors?: Partial<Record<AddressPart, string | undefined>>;
  lineRequired?: boolean;
}): React.ReactElement {
  return (
    <>
      {ADDRESS_PARTS.map((part) => (
        <TextField
          key={part}
          id={`${idPrefix}-${part === 'postalCode' ? 'postal-code' : part}`}
          name={part}
          label={labels[part]}
          error={errors[part]}
          defaultValue={defaults[part]}
          maxLength={ADDRESS_MAX_LENGTH[part]}
          autoComplete={ADDRESS_AUTOCOMPLETE[part]}
          required={part === 'line' && lineRequired}
        />
      ))}
    </>
  );
}
