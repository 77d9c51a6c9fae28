/**
 * Personal-data encryption and the secrets of a complaint, with WebCrypto only, so the worker and
 * the Node CLI scripts (the demo seed) share this file.
 *
 * - Values are sealed with AES-256-GCM under PII_KEY (a base64 Worker secret), a fresh random
 *   96-bit IV each time, and stored as `<keyId>.<iv>.<ciphertext>` (base64url), where keyId names
 *   the key: `v1`, `v2`, … The key id lets a rotation find and re-encrypt what an old key sealed
 *   while both keys are in use (worker/lib/rotation.ts, worker/docs/operations.md).
 * - PII_KEY is a key ring: one key (`<base64>`, which is key v1, or `v2:<base64>`), or during a
 *   rotation the new key first and the old ones after it, comma-separated:
 *   `v2:<new base64>,v1:<old base64>`. The first key seals; every listed key opens its own values.
 * - Access codes are 10 Crockford base32 characters (50 bits), stored only as SHA-256 and compared
 *   in constant time. Reference numbers carry 30 random bits, so one tells nothing about another.
 */
import { CROCKFORD } from '../../schema/common.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const keys = new Map<string, Promise<CryptoKey>>();

/** The AES-GCM key from the base64 secret; refuses anything but 256 bits. */
export function aesKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = fromBase64url(secret.trim().replace(/=+$/, ''));
    if (raw.length !== 32) throw new Error('PII_KEY must be 32 random bytes in base64 (see README, 个人信息密钥)');
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(secret, key);
  }
  return key;
}

export interface KeyRing {
  /** The key new values are sealed with. */
  primary: { id: string; secret: string };
  /** Every key of the ring by id, the primary included. */
  keys: Map<string, string>;
}

const KEY_ID = /^v[1-9]\d{0,5}$/;

/** Reads PII_KEY: `<base64>` (key v1), `v2:<base64>`, or `v2:<new>,v1:<old>` during a rotation. */
export function keyRing(spec: string): KeyRing {
  const keys = new Map<string, string>();
  let primary: KeyRing['primary'] | undefined;
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    const id = colon === -1 ? 'v1' : part.slice(0, colon);
    const secret = colon === -1 ? part : part.slice(colon + 1);
    if (!KEY_ID.test(id)) throw new Error(`PII_KEY: key id "${id}" should be v1, v2, … (see worker/docs/operations.md)`);
    if (keys.has(id)) throw new Error(`PII_KEY: key id ${id} is listed twice`);
    keys.set(id, secret);
    primary ??= { id, secret };
  }
  if (!primary) throw new Error('PII_KEY is empty (see README, 个人信息密钥)');
  return { primary, keys };
}

/** The id of the key a sealed value was sealed with (`v1`, `v2`, …). */
export function sealedKeyId(sealed: string): string {
  return sealed.slice(0, sealed.indexOf('.'));
}

export async function seal(secret: string, value: unknown): Promise<string> {
  const { primary } = keyRing(secret);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await aesKey(primary.secret), encoder.encode(JSON.stringify(value)));
  return `${primary.id}.${base64url(iv)}.${base64url(new Uint8Array(ct))}`;
}

export async function open<T>(secret: string, sealed: string): Promise<T> {
  const [version, iv, ct] = sealed.split('.');
  if (!version || !KEY_ID.test(version) || !iv || !ct) throw new Error(`not a sealed value (key id ${version})`);
  const key = keyRing(secret).keys.get(version);
  if (!key) throw new Error(`no key ${version} in PII_KEY: keep the old key in the ring until the rotation is done`);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(iv) }, await aesKey(key), fromBase64url(ct));
  return JSON.parse(decoder.decode(plain)) as T;
}

export async function sha256(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** HMAC-SHA-256 under a key derived from PII_KEY: for client addresses, which must not be stored. */
export async function hmac(secret: string, text: string): Promise<string> {
  // The primary key only, so the ring's old keys listed during a rotation change nothing here.
  const key = await crypto.subtle.importKey('raw', encoder.encode(`hmac:${keyRing(secret).primary.secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text))));
}

/**
 * The keyed hash of a phone number under each key of the PHONE_HASH_KEY ring (same format as
 * PII_KEY's: `<base64>`, `v2:<base64>`, `v2:<new>,v1:<old>`), primary first, each `<id>.<hash>`.
 * A separate secret from PII_KEY: the hash must stay comparable while PII_KEY rotates, and a leak
 * of one does not give the other. During a rotation the old keys' hashes still match old rows.
 */
export async function phoneHashes(spec: string | undefined, phone: string): Promise<string[]> {
  if (!spec) throw new Error('PHONE_HASH_KEY is not set (see worker/docs/operations.md, 密钥)');
  const ring = keyRing(spec);
  const ordered = [ring.primary.id, ...[...ring.keys.keys()].filter((id) => id !== ring.primary.id)];
  const normalised = phone.replace(/[\s-]/g, '');
  return Promise.all(
    ordered.map(async (id) => {
      const key = await crypto.subtle.importKey('raw', encoder.encode(`phone:${ring.keys.get(id)}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return `${id}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(normalised))))}`;
    }),
  );
}

/** `length` characters of Crockford base32, each from 5 unbiased random bits. */
export function randomCrockford(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

export function newAccessCode(): string {
  return randomCrockford(10);
}

/** XN-YYMM-XXXXXX: the month of receipt in Asia/Shanghai, then 30 random bits. */
export function newReference(shanghaiDay: string): string {
  return `XN-${shanghaiDay.slice(2, 4)}${shanghaiDay.slice(5, 7)}-${randomCrockford(6)}`;
}

/** The access code as shown to people: two groups of five. */
export function formatAccessCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Hash of an access code; the reference is mixed in so equal codes on two cases hash differently. */
export function accessHash(reference: string, code: string): Promise<string> {
  return sha256(`${reference}:${code}`);
}

// A hash that no code produces, compared against when the reference is unknown, so a miss costs the
// same work as a wrong code and timing does not reveal whether a reference exists.
const DUMMY_HASH = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Constant-time check of a code against a stored hash (or against nothing, in the same time). */
export async function checkAccessCode(reference: string, code: string, storedHash: string | undefined): Promise<boolean> {
  const given = encoder.encode(await accessHash(reference, code));
  const stored = encoder.encode(storedHash ?? DUMMY_HASH);
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (a: ArrayBufferView, b: ArrayBufferView) => boolean };
  const same = given.length === stored.length && (subtle.timingSafeEqual ? subtle.timingSafeEqual(given, stored) : constantTimeEqual(given, stored));
  return same && storedHash !== undefined;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
