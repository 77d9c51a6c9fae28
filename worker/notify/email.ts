/**
 * E-mail through the Workers `send_email` binding (Cloudflare Email Service), with the structured
 * `send({ from, to, subject, text, headers })` form. `wrangler dev` simulates the binding: it does
 * not send, it writes each message under .wrangler/tmp/email/ and logs the path (the browser test
 * reads it there).
 */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** One-click unsubscribe (RFC 8058) for citizens' messages. */
  unsubscribe?: string;
}

export async function sendMail(env: Env, mail: Mail): Promise<string> {
  const headers: Record<string, string> = {};
  if (mail.unsubscribe) {
    headers['List-Unsubscribe'] = `<${mail.unsubscribe}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const text = mail.unsubscribe ? `${mail.text}\n\n不想再收到此类邮件：${mail.unsubscribe}` : mail.text;
  const result = await env.EMAIL.send({
    from: { email: env.NOTIFY_FROM, name: env.NOTIFY_FROM_NAME || '效能投诉平台' },
    to: mail.to,
    subject: mail.subject,
    text,
    ...(Object.keys(headers).length ? { headers } : {}),
  });
  return result.messageId;
}
