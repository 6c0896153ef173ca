/**
 * IP addresses and networks: parsing the trusted proxy list (`TRUSTED_PROXIES`) and telling the
 * address ranges apart that a server must never be pointed at (link-local, cloud metadata).
 */
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) reads as `10.0.0.1`; anything not an address is undefined. */
export function normalizeAddress(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  let address = value.trim();
  if (address.startsWith('[') && address.includes(']')) address = address.slice(1, address.indexOf(']'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) ? address.toLowerCase() : undefined;
}

/** A parsed list of trusted proxy networks. */
export interface TrustedProxies {
  readonly cidrs: readonly string[];
  has(address: string): boolean;
}

/** Parses `10.0.0.0/8, 192.168.1.7, fd00::/8` (bare addresses are single hosts); throws on a bad entry. */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const blocks = new BlockList();
  const cidrs: string[] = [];
  for (const entry of (list ?? '').split(',').map((item) => item.trim())) {
    if (!entry) continue;
    const [network, prefixText, extra] = entry.split('/');
    const address = normalizeAddress(network);
    const family = address ? isIP(address) : 0;
    const maxPrefix = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
    if (!address || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix)
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    blocks.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
    cidrs.push(`${address}/${prefix}`);
  }
  return {
    cidrs,
    has: (address) => cidrs.length > 0 && blocks.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'),
  };
}

/** The zod schema for `TRUSTED_PROXIES` (lib/config.ts). */
export const trustedProxiesSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    try {
      return parseTrustedProxies(value);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `${(error as Error).message}; expected a comma-separated list such as 10.0.0.0/8,192.168.0.10`,
      });
      return z.NEVER;
    }
  });

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4'); // IPv4 link-local: AWS, Azure, GCP, OpenStack metadata
LINK_LOCAL.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6'); // IPv6 link-local
LINK_LOCAL.addAddress('fd00:ec2::254', 'ipv6'); // AWS IMDS over IPv6
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data']);

/**
 * A host a server must not be sent to by configuration: link-local addresses and the cloud metadata
 * services (which hand out the machine's credentials). Names are checked as written; a name that
 * resolves there is the network's business (egress rules), not this check's.
 */
export function isLinkLocalOrMetadataHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) return true;
  const address = normalizeAddress(host);
  if (!address) return false;
  return LINK_LOCAL.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}
