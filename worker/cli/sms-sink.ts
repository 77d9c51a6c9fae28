// A local stand-in for Tencent Cloud SMS (sms.tencentcloudapi.com, SendSms 2021-01-11), for the
// demo and local development: wrangler.toml points SMS_ENDPOINT here (127.0.0.1:8788). It checks
// every request's TC3-HMAC-SHA256 signature exactly as the provider does (worker/notify/tc3.ts,
// with the key pair in .dev.vars), answers in the provider's format, and keeps the messages in
// memory for the console (/office/notify/sms/, GET /messages here). Nothing leaves the machine.
//   npm run sms:sink            (npm start runs it next to wrangler dev)
import { createServer } from 'node:http';
import { tc3Verify } from '../notify/tc3.ts';
import { ensureDevVars } from './dev-vars.ts';
import { readDevVar } from './wrangler.ts';

ensureDevVars();
const secret = { secretId: readDevVar('TENCENT_SECRET_ID') ?? '', secretKey: readDevVar('TENCENT_SECRET_KEY') ?? '' };
const port = Number(process.env.SMS_SINK_PORT ?? 8788);

interface Recorded {
  at: string;
  phone: string;
  templateId: string;
  params: string[];
  signName: string;
  sdkAppId: string;
  sessionContext: string;
}
const messages: Recorded[] = [];
let serial = 0;

function reply(res: import('node:http').ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/messages') return reply(res, messages);
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const requestId = `sink-${Date.now()}-${++serial}`;
  const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])));
  // The provider's clock, not the product's: the signature's timestamp must be close to real time.
  const error = await tc3Verify({ headers, body }, secret, Math.floor(Date.now() / 1000));
  if (error) return reply(res, { Response: { Error: { Code: error, Message: 'signature check failed at the local sink' }, RequestId: requestId } });
  if (headers.get('x-tc-action') !== 'SendSms' || headers.get('x-tc-version') !== '2021-01-11') {
    return reply(res, { Response: { Error: { Code: 'InvalidAction', Message: 'only SendSms 2021-01-11 is simulated' }, RequestId: requestId } });
  }
  let p: { PhoneNumberSet?: string[]; TemplateId?: string; TemplateParamSet?: string[]; SignName?: string; SmsSdkAppId?: string; SessionContext?: string };
  try {
    p = JSON.parse(body);
  } catch {
    return reply(res, { Response: { Error: { Code: 'InvalidParameter', Message: 'body is not JSON' }, RequestId: requestId } });
  }
  if (!p.SignName || !p.TemplateId || !p.SmsSdkAppId || !Array.isArray(p.PhoneNumberSet) || p.PhoneNumberSet.length === 0) {
    return reply(res, { Response: { Error: { Code: 'MissingParameter', Message: 'SmsSdkAppId, SignName, TemplateId and PhoneNumberSet are required' }, RequestId: requestId } });
  }
  const statuses = p.PhoneNumberSet.map((phone) => {
    messages.push({
      at: new Date().toISOString(),
      phone: phone.replace(/^\+86/, ''),
      templateId: p.TemplateId!,
      params: p.TemplateParamSet ?? [],
      signName: p.SignName!,
      sdkAppId: p.SmsSdkAppId!,
      sessionContext: p.SessionContext ?? '',
    });
    if (messages.length > 1000) messages.shift();
    // The number itself is never printed.
    console.log(`sms-sink: template ${p.TemplateId} accepted (${messages.length} kept)`);
    return { SerialNo: `sink:${serial}`, PhoneNumber: phone, Fee: 1, SessionContext: p.SessionContext ?? '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' };
  });
  reply(res, { Response: { SendStatusSet: statuses, RequestId: requestId } });
});

server.listen(port, '127.0.0.1', () => console.log(`sms-sink: Tencent Cloud SMS stand-in on http://127.0.0.1:${port}/ (messages: /messages)`));
