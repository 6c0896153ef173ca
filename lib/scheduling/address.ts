/** A postal address on one line, as people write it: "1200 S Halsted St, Chicago, IL, 60607". */
import type { PostalAddress } from './types';

export function formatPostalAddress(address: PostalAddress | null | undefined): string | null {
  if (!address) return null;
  const text = [address.lines.join(', '), address.city, address.state, address.postalCode].filter(Boolean).join(', ');
  return text || null;
}
