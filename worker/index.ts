import { env } from 'cloudflare:workers';
import { setClock } from '../schema/clock.ts';
import { app } from './app.ts';
import { deliver, relay, type NotifyMessage } from './notify/consumer.ts';
import { sweep } from './sweep.ts';

// The one clock (schema/clock.ts): real time unless a test or a local .dev.vars sets CLOCK_START.
setClock(env.CLOCK_START);

/** The daily sweep's cron (wrangler.toml [triggers]); the other, every minute, relays notifications. */
const DAILY_SWEEP = '0 17 * * *';

export default {
  fetch: (request, env, ctx) => {
    const response = app.fetch(request, env, ctx);
    // A state change may have written outbox rows (worker/notify/outbox.ts): hand them to the queue
    // once the response is ready; the minute cron picks up whatever this misses.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      ctx.waitUntil(
        Promise.resolve(response)
          .then(() => relay(env))
          .catch(() => undefined),
      );
    }
    return response;
  },
  // The daily deadline sweep (worker/sweep.ts) and the notification relay.
  scheduled: (controller, env, ctx) => {
    if (controller.cron === DAILY_SWEEP) ctx.waitUntil(sweep(env, controller.scheduledTime).then(() => relay(env)).then(() => undefined));
    else ctx.waitUntil(relay(env).then(() => undefined));
  },
  // Notifications (worker/notify/consumer.ts): the delivery queue and its dead-letter queue.
  queue: (batch, env) => deliver(batch, env),
} satisfies ExportedHandler<Env, NotifyMessage>;
