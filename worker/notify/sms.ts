/**
 * SMS through Tencent Cloud SMS, API 3.0 `SendSms` (version 2021-01-11), signed with TC3-HMAC-SHA256
 * (./tc3.ts). The message is a registered template: SmsSdkAppId + SignName (短信签名) + TemplateId +
 * TemplateParamSet. Production points SMS_ENDPOINT at https://sms.tencentcloudapi.com; locally and in
 * tests it points at the project's sink (worker/cli/sms-sink.ts), which checks the same signature.
 */
import { tc3Sign } from './tc3.ts';

export interface SmsConfig {
  endpoint: string;
  secretId: string;
  secretKey: string;
  region: string;
  sdkAppId: string;
  signName: string;
}

export function smsConfig(env: Env): SmsConfig {
  // Secrets: typed here rather than by `wrangler types`, which only lists those in the local .dev.vars.
  const secrets = env as unknown as { TENCENT_SECRET_ID?: string; TENCENT_SECRET_KEY?: string };
  return {
    endpoint: env.SMS_ENDPOINT || 'https://sms.tencentcloudapi.com',
    secretId: secrets.TENCENT_SECRET_ID ?? '',
    secretKey: secrets.TENCENT_SECRET_KEY ?? '',
    region: env.SMS_REGION || 'ap-guangzhou',
    sdkAppId: env.SMS_SDK_APP_ID ?? '',
    signName: env.SMS_SIGN_NAME ?? '',
  };
}

export type SmsResult = { ok: true; serialNo: string } | { ok: false; code: string; retryable: boolean };

/** Codes that will not get better by retrying (wrong number, template not approved, opted out …). */
const PERMANENT = /^(InvalidParameterValue\.|FailedOperation\.(PhoneNumberInBlacklist|PhoneNumberParseFail|TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|MissingSignature|MissingTemplate)|UnauthorizedOperation\.|UnsupportedOperation\.)/;

/** Sends one templated SMS to one +86 number. `fetcher` is the global fetch outside tests. */
export async function sendSms(
  config: SmsConfig,
  message: { phone: string; templateId: string; params: string[]; sessionContext: string },
  nowSeconds: number,
  fetcher: typeof fetch = fetch,
): Promise<SmsResult> {
  const payload = JSON.stringify({
    PhoneNumberSet: [`+86${message.phone}`],
    SmsSdkAppId: config.sdkAppId,
    SignName: config.signName,
    TemplateId: message.templateId,
    TemplateParamSet: message.params,
    // Echoed back by the provider and in its delivery receipts: our outbox id, nothing personal.
    SessionContext: message.sessionContext,
  });
  const url = new URL(config.endpoint);
  const action = 'SendSms';
  const signed = await tc3Sign({ secretId: config.secretId, secretKey: config.secretKey, service: 'sms', host: url.host, payload, timestamp: nowSeconds });
  let response: Response;
  try {
    response = await fetcher(url.toString(), {
      method: 'POST',
      headers: {
        Authorization: signed.authorization,
        'Content-Type': 'application/json; charset=utf-8',
        'X-TC-Action': action,
        'X-TC-Version': '2021-01-11',
        'X-TC-Timestamp': String(nowSeconds),
        'X-TC-Region': config.region,
      },
      body: payload,
    });
  } catch {
    return { ok: false, code: 'NetworkError', retryable: true };
  }
  if (!response.ok) return { ok: false, code: `HTTP${response.status}`, retryable: response.status >= 500 || response.status === 429 };
  let body: { Response?: { Error?: { Code?: string }; SendStatusSet?: { Code?: string; SerialNo?: string }[] } };
  try {
    body = await response.json();
  } catch {
    return { ok: false, code: 'BadResponse', retryable: true };
  }
  const error = body.Response?.Error?.Code;
  if (error) return { ok: false, code: error, retryable: !PERMANENT.test(error) };
  const status = body.Response?.SendStatusSet?.[0];
  if (status?.Code === 'Ok') return { ok: true, serialNo: status.SerialNo ?? '' };
  const code = status?.Code ?? 'NoStatus';
  return { ok: false, code, retryable: !PERMANENT.test(code) };
}
