// Password and client-secret hashing: salted scrypt, parameters kept in the hash string so they
// can be raised later without breaking old hashes. Secrets themselves are never stored.
import type { SecretHasher } from '../core/mutation.js';
import { nodeCrypto } from './lazy-crypto.js';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

const encode = (salt: Buffer, key: Buffer): string => `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;

export function hashSecret(secret: string): string {
  const { randomBytes, scryptSync } = nodeCrypto();
  const salt = randomBytes(16);
  return encode(salt, scryptSync(secret.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P }));
}

/** The same hash on the libuv thread pool, so that bulk imports hash many passwords in parallel. */
export function hashSecretAsync(secret: string): Promise<string> {
  const { randomBytes, scrypt } = nodeCrypto();
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P }, (err, key) => (err ? reject(err) : resolve(encode(salt, key)))),
  );
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const { scryptSync, timingSafeEqual } = nodeCrypto();
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(expected, actual);
}

export const nodeSecrets: SecretHasher = {
  hash: hashSecret,
  randomInt: (n) => nodeCrypto().randomInt(n),
};
