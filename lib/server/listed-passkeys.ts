/** An account's passkeys as the passkey list shows them: dates in the clinic's zone, unnamed ones named by date. */
import type { PasskeySummary } from '@/lib/auth/passkeys/list-passkeys';
import type { Locale } from '@/lib/i18n/locales';
import { formatLocalDate } from '@/lib/time/format';
import type { Translator } from './locale';

export interface ListedPasskey {
  id: string;
  /** Its name, or "Passkey added {date}", already formatted. */
  label: string;
  added: string;
  lastUsed: string | null;
  synced: boolean;
}

export function listedPasskeys(
  passkeys: PasskeySummary[],
  input: { timeZone: string; locale: Locale; t: Translator },
): ListedPasskey[] {
  const date = (iso: string | null): string | null => (iso ? formatLocalDate(iso, input.timeZone, input.locale) : null);
  return passkeys.map((passkey) => {
    const added = date(passkey.createdAt) ?? '';
    return {
      id: passkey.id,
      label: passkey.name ?? input.t('passkeys.unnamed', { date: added }),
      added,
      lastUsed: date(passkey.lastUsedAt),
      synced: passkey.synced,
    };
  });
}
