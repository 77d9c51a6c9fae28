/**
 * D1 tables (drizzle). `npm run db:generate` turns changes here into SQL migrations under
 * schema/migrations, which wrangler, production and the tests all apply.
 */
export * from './meta.ts';
export * from './complaints.ts';
export * from './office.ts';
export * from './bulletins.ts';
export * from './appointments.ts';
export * from './notifications.ts';
export * from './applications.ts';
export * from './inquiries.ts';
export * from './whereabouts.ts';
export * from './decisions.ts';
export * from './targets.ts';
