/** A form's error message, announced to screen readers when it appears. */
export function FormError({ message }: { message: string | null }): React.ReactElement | null {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}
