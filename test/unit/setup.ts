import { setClock } from '../../schema/clock.ts';

// The one clock: `CLOCK_START=… npm run test:dates` runs the unit suite as if it were that day.
setClock(process.env.CLOCK_START);
