import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** "rbt_" and 43 URL-safe characters: 256 random bits, so a plain SHA-256 is a safe thing to store. */
export function generateToken(): string {
  return `rbt_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex digests in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
