/**
 * The WebAuthn relying party: the app's public origin (APP_BASE_URL) and its host as the RP id
 * (WebAuthn Level 3, 5.1.4: the RP id is a registrable domain suffix of the origin's host). Every
 * ceremony expects exactly this origin and RP id; an assertion made for another site is refused.
 * IP addresses cannot be RP ids, so a deployment serves passkeys under a host name (`localhost` in
 * development and tests).
 */
export interface RelyingParty {
  rpId: string;
  origin: string;
}

export function relyingPartyFor(appBaseUrl: string): RelyingParty {
  const url = new URL(appBaseUrl);
  return { rpId: url.hostname, origin: url.origin };
}
