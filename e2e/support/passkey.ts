import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, type CDPSession, type Page } from '@playwright/test';
import { DEMO_ADMIN_ENROLMENT_CODE } from '@/lib/demo/demo-tenant';

/**
 * Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): a platform authenticator
 * with user verification, as a phone's face or fingerprint unlock is. The ceremony is real: the page's
 * navigator.credentials calls reach it, it makes a key and signs.
 */
export async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A passkey as the DevTools protocol hands it over (WebAuthn.Credential), private key included. */
export interface PasskeyCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** The passkeys a virtual authenticator holds, private keys included (to move one to another browser). */
export async function credentialsOn(authenticator: {
  cdp: CDPSession;
  authenticatorId: string;
}): Promise<PasskeyCredential[]> {
  const { credentials } = await authenticator.cdp.send('WebAuthn.getCredentials', {
    authenticatorId: authenticator.authenticatorId,
  });
  return credentials;
}

export interface StaffAccount {
  email: string;
  password: string;
  role: 'front_desk' | 'admin';
}

/**
 * The demo administrator's passkey, kept for this run's database the way a synced passkey follows its
 * owner to another browser: the first sign-in of the run sets it up with the demo enrolment code (a
 * real registration ceremony), later ones put the same key on their browser's authenticator.
 */
function credentialFile(email: string, store: string): string {
  const run = createHash('sha256').update(`${store}|${email}`).digest('hex').slice(0, 16);
  return `test-results/staff-passkeys/${run}.json`;
}

function storedCredential(email: string, store: string): PasskeyCredential | null {
  try {
    return JSON.parse(readFileSync(credentialFile(email, store), 'utf8')) as PasskeyCredential;
  } catch {
    return null;
  }
}

function storeCredential(email: string, store: string, credential: PasskeyCredential): void {
  mkdirSync('test-results/staff-passkeys', { recursive: true });
  writeFileSync(credentialFile(email, store), JSON.stringify(credential));
}

export interface StaffSignInOptions {
  /** The clinic's slug (the demo clinic unless said). */
  tenant?: string;
  /** Where the administrator's passkey is kept: per app database (this run's, unless another app's). */
  store?: string;
  /** The enrolment code of an administrator's first passkey (the demo administrator's unless said). */
  enrolmentCode?: string;
}

/** Signs a staff member in on `page`: the password, then, for the administrator, the passkey step. */
export async function signInAsStaff(page: Page, who: StaffAccount, options: StaffSignInOptions = {}): Promise<void> {
  const tenant = options.tenant ?? 'demo';
  await page.goto(`/${tenant}/staff/login`);
  await page.getByLabel('Work email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (who.role === 'admin') await passSecondFactor(page, who.email, options);
  await expect(page).toHaveURL(new RegExp(`/${tenant}/staff$`), { timeout: 15_000 });
}

/** The passkey step after the password, on a browser with its own virtual authenticator. */
export async function passSecondFactor(page: Page, email: string, options: StaffSignInOptions = {}): Promise<void> {
  const store = options.store ?? process.env.DATABASE_URL ?? '';
  await expect(page).toHaveURL(/\/staff\/second-factor$/, { timeout: 15_000 });
  const authenticator = await virtualAuthenticator(page);
  const stored = storedCredential(email, store);
  if (stored) {
    await authenticator.cdp.send('WebAuthn.addCredential', {
      authenticatorId: authenticator.authenticatorId,
      credential: stored,
    });
  } else {
    await page.getByLabel('Enrolment code').fill(options.enrolmentCode ?? DEMO_ADMIN_ENROLMENT_CODE);
    await page.getByRole('button', { name: 'Create my passkey' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Your passkey is saved. Confirm with it once to finish signing in.',
    );
    const [credential] = await credentialsOn(authenticator);
    if (!credential) throw new Error('the authenticator holds no passkey after enrolment');
    storeCredential(email, store, credential);
  }
  await page.getByRole('button', { name: 'Use my passkey' }).click();
  await expect(page).not.toHaveURL(/\/staff\/second-factor$/, { timeout: 15_000 });
  // Its signature counter moved on: the next browser carries the key as it is now.
  const [used] = await credentialsOn(authenticator);
  if (used) storeCredential(email, store, used);
}
