/** The 6-digit one-time code field: numeric keypad, and the phone's SMS code autofill. */
export function OneTimeCodeInput({ id }: { id: string }): React.ReactElement {
  return (
    <input
      id={id}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="\d{6}"
      maxLength={6}
      required
    />
  );
}
