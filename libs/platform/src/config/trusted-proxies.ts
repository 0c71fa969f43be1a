import { isIP } from 'node:net';
import { z } from 'zod';

/** `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`: an address, or a network with a valid prefix length. */
function isAddressOrNetwork(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: a comma-separated list, as an array Fastify's `trustProxy` takes. */
export const trustedProxies = z
  .string()
  .transform((list) => list.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0))
  .refine((entries) => entries.every(isAddressOrNetwork), 'must be comma-separated IP addresses or CIDR networks (e.g. 10.0.0.0/8,::1)');
