'use client';

import { signOut } from 'next-auth/react';
import { identityApi } from '@/lib/api/identity';
import { useApiMutation } from './use-api-mutation';

export interface LogoutEverywhereButtonProps {
  tenantSlug: string;
  label: string;
}

/** Ends every session of this account on every device, then this one. */
export function LogoutEverywhereButton({ tenantSlug, label }: LogoutEverywhereButtonProps): React.ReactElement {
  const signOutHere = (): Promise<undefined> => signOut({ callbackUrl: `/${tenantSlug}` });
  // This device signs out whatever the server answered; only with no answer at all does it stay.
  const logout = useApiMutation(identityApi.logoutEverywhere, {
    // Never shown: the button has no error to show, as before.
    fallbackMessage: label,
    onSuccess: signOutHere,
    onError: (error) => {
      if (error.code !== 'network') void signOutHere();
    },
  });
  return (
    <button
      className="button button--secondary"
      type="button"
      onClick={() => logout.mutate({ params: { tenant: tenantSlug } })}
    >
      {label}
    </button>
  );
}
