import { app } from './app.ts';
import { sweep } from './sweep.ts';

export default {
  fetch: app.fetch,
  // The daily deadline sweep (wrangler.toml [triggers]); see worker/sweep.ts.
  scheduled: (controller, env, ctx) => {
    ctx.waitUntil(sweep(env, controller.scheduledTime).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
