import { env } from 'cloudflare:workers';
import { setClock } from '../schema/clock.ts';
import { app } from './app.ts';
import { sweep } from './sweep.ts';

// The one clock (schema/clock.ts): real time unless a test or a local .dev.vars sets CLOCK_START.
setClock(env.CLOCK_START);

export default {
  fetch: app.fetch,
  // The daily deadline sweep (wrangler.toml [triggers]); see worker/sweep.ts.
  scheduled: (controller, env, ctx) => {
    ctx.waitUntil(sweep(env, controller.scheduledTime).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
