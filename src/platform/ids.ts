// Object ids: random GUIDs, or (TENANTCTL_ID_SEED) GUIDs derived from the seed and a counter
// kept in the tenant file, so that a script run twice on fresh tenants prints the same ids.
import type { IdGenerator } from '../core/clock.js';
import { nodeCrypto } from './lazy-crypto.js';
import { randomGuid } from './random-guid.js';

export const randomIds: IdGenerator = { newId: randomGuid };

export function seededIds(seed: string, next: () => number): IdGenerator {
  return {
    newId() {
      const h = nodeCrypto().createHash('sha256').update(`${seed}:${next()}`).digest('hex');
      // Shape it as a version-4 GUID so it looks and sorts like Entra's.
      const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
