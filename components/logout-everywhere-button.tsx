'use client';

import { signOut } from 'next-auth/react';

export interface LogoutEverywhereButtonProps {
  tenantSlug: string;
  label: string;
}

/** Ends every session of this account on every device, then this one. */
export function LogoutEverywhereButton({ tenantSlug, label }: LogoutEverywhereButtonProps): React.ReactElement {
  async function onClick(): Promise<void> {
    await fetch(`/api/${tenantSlug}/me/sessions`, { method: 'DELETE' });
    await signOut({ callbackUrl: `/${tenantSlug}` });
  }
  return (
    <button className="button button--secondary" type="button" onClick={() => void onClick()}>
      {label}
    </button>
  );
}
