/**
 * The optional bot check (Cloudflare Turnstile). Off unless TURNSTILE_ENABLED is "true"; locally and
 * in tests the published test keys are used, and tests intercept the siteverify call.
 */
export const SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

export function turnstileEnabled(env: Env): boolean {
  return String(env.TURNSTILE_ENABLED) === 'true';
}

export async function verifyTurnstile(env: Env, token: string | undefined, ip: string): Promise<boolean> {
  if (!turnstileEnabled(env)) return true;
  if (!token || token.length > 2048) return false;
  try {
    const body = new FormData();
    body.set('secret', env.TURNSTILE_SECRET_KEY);
    body.set('response', token);
    if (ip !== 'unknown') body.set('remoteip', ip);
    const res = await fetch(SITEVERIFY, { method: 'POST', body });
    const outcome = (await res.json()) as { success?: boolean };
    return outcome.success === true;
  } catch {
    return false;
  }
}
