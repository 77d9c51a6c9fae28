/**
 * Session and CSRF tokens: 32 random bytes, base64url. Only a SHA-256 of the session token is
 * stored, so a copy of the database does not let anyone sign in as staff.
 */
import { base64url, fromBase64url, sha256 } from '../lib/crypto.ts';
import { equalBytes } from './password.ts';

export function newToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export function tokenId(token: string): Promise<string> {
  return sha256(`session:${token}`);
}

/** Compares two tokens in constant time; malformed input is simply unequal. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^[A-Za-z0-9_-]{20,100}$/.test(a) || !/^[A-Za-z0-9_-]{20,100}$/.test(b)) return false;
  return equalBytes(fromBase64url(a), fromBase64url(b));
}
