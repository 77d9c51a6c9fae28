/**
 * Tencent Cloud API signature v3 (TC3-HMAC-SHA256), with WebCrypto only, so the same code runs in
 * the Worker and in the local SMS sink (worker/cli/sms-sink.ts), which checks every request with it.
 *
 * Source: Tencent Cloud, "签名方法 v3 / Signature v3" (https://cloud.tencent.com/document/api/213/30654,
 * English: https://www.tencentcloud.com/document/api/382/40467). The four steps below are the
 * document's: CanonicalRequest, StringToSign, the derived key (SecretDate → SecretService →
 * SecretSigning), and the Authorization header. test/worker/notify-sms.test.ts checks them against
 * the document's published example values.
 */
const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(text));
}

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** Product, e.g. `sms`; also the first label of the host. */
  service: string;
  host: string;
  /** The exact JSON body that is sent (its bytes are hashed). */
  payload: string;
  /** Unix seconds; the credential date is its UTC date (the document's warning about UTC+8). */
  timestamp: number;
  /** Defaults to the document's `application/json; charset=utf-8`. */
  contentType?: string;
  /** Extra headers to sign, lowercase name → value (e.g. x-tc-action). */
  extraHeaders?: Record<string, string>;
}

export interface Tc3Signature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
  authorization: string;
}

/** Signs one POST request to a TencentCloud API 3.0 endpoint. */
export async function tc3Sign(r: Tc3Request): Promise<Tc3Signature> {
  const contentType = r.contentType ?? 'application/json; charset=utf-8';
  const headers: Record<string, string> = { 'content-type': contentType, host: r.host, ...(r.extraHeaders ?? {}) };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const canonicalHeaders = names.map((n) => `${n}:${String(headers[n]).trim().toLowerCase()}\n`).join('');
  const signedHeaders = names.join(';');
  // Step 1: CanonicalRequest = method \n URI \n query \n headers \n signed headers \n hash(payload).
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, await sha256Hex(r.payload)].join('\n');
  // Step 2: StringToSign; the date is UTC (a UTC+8 date fails between 00:00 and 08:00 Beijing time).
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${r.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(r.timestamp), scope, await sha256Hex(canonicalRequest)].join('\n');
  // Step 3: the derived key, then the signature.
  const secretDate = await hmac(encoder.encode(`TC3${r.secretKey}`) as Uint8Array<ArrayBuffer>, date);
  const secretService = await hmac(secretDate, r.service);
  const secretSigning = await hmac(secretService, 'tc3_request');
  const signature = hex(await hmac(secretSigning, stringToSign));
  // Step 4: Authorization.
  const authorization = `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, signedHeaders, authorization };
}

/** Parses an Authorization header of the TC3 form, or undefined. */
export function parseTc3Authorization(value: string | null): { secretId: string; date: string; service: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(value ?? '');
  if (!m) return undefined;
  return { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4].split(';'), signature: m[5] };
}

/**
 * Checks a signed request the way the provider does: same secret id, timestamp within 5 minutes
 * of `nowSeconds`, and the signature recomputed over the received headers and body.
 * Returns an error code in the provider's vocabulary, or undefined when it holds.
 */
export async function tc3Verify(
  req: { headers: Headers; body: string },
  secret: { secretId: string; secretKey: string },
  nowSeconds: number,
): Promise<string | undefined> {
  const auth = parseTc3Authorization(req.headers.get('authorization'));
  if (!auth) return 'AuthFailure.InvalidAuthorization';
  if (auth.secretId !== secret.secretId) return 'AuthFailure.SecretIdNotFound';
  const timestamp = Number(req.headers.get('x-tc-timestamp'));
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return 'AuthFailure.SignatureExpire';
  const extra: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    if (name === 'content-type' || name === 'host') continue;
    extra[name] = req.headers.get(name) ?? '';
  }
  const expected = await tc3Sign({
    ...secret,
    service: auth.service,
    host: req.headers.get('host') ?? '',
    payload: req.body,
    timestamp,
    contentType: req.headers.get('content-type') ?? '',
    extraHeaders: extra,
  });
  return expected.signature === auth.signature ? undefined : 'AuthFailure.SignatureFailure';
}
