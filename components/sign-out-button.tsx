'use client';

import { signOut } from 'next-auth/react';

export interface SignOutButtonProps {
  callbackUrl: string;
  label?: string;
}

export function SignOutButton({ callbackUrl, label = 'Sign out' }: SignOutButtonProps): React.ReactElement {
  return (
    <button className="button button--secondary" type="button" onClick={() => void signOut({ callbackUrl })}>
      {label}
    </button>
  );
}
