/**
 * content/bulletins/YYYY-MM.json: a month's published bulletin, every version oldest first, as
 * `npm run bulletins:export` writes it from D1 (worker/cli/export-bulletins.ts). The schema is the
 * one the API answers with (schema/bulletin/document.ts), so the site cannot show a shape the
 * worker never published. The file name must be the month.
 */
export { bulletinExport as bulletin, type BulletinExport as Bulletin } from '../bulletin/document.ts';
