/**
 * The demo history and its published bulletins as SQL, in the same shape the worker writes:
 * complaint rows with sealed placeholder personal data (anonymous historical cases: no name, no
 * contact), their events, the office's case files (finding, sanction codes) and the frozen
 * bulletins. Pure apart from sealing, so the worker tests can run it inside workerd.
 */
import { accessHash, seal } from '../../lib/crypto.ts';
import { eventData, q } from './sql.ts';
import { caseEvents } from '../../../schema/cases.ts';
import { at, demoDates, demoPublications, historicalCases, type DemoDates, type HistoricalCase, type SectionFacts } from './bulletins-data.ts';

export async function bulletinsSeedSql(key: string, dates: DemoDates = demoDates(), cases: HistoricalCase[] = historicalCases(dates), sectionFacts?: SectionFacts): Promise<string[]> {
  const statements: string[] = [];
  const placeholder = await seal(key, { description: '（历史示例案件：演示数据，内容从略）', request: '（从略）' });
  for (const c of cases) {
    const receivedAt = at(c.receivedOn);
    const createdAt = c.lateEntry ? at(dates.lateEntryDay) : receivedAt;
    const lastAt = at(c.events[c.events.length - 1].on, c.events.length - 1);
    const id = `(select id from complaints where reference = ${q(c.reference)})`;
    statements.push(
      `insert into complaints (reference, access_hash, channel, department, handling_department, category, occurred_on, stage, anonymous, personal,
        received_at, acknowledge_by, due_by, concluded_at, version, created_at, updated_at)
       values (${q(c.reference)}, ${q(await accessHash(c.reference, 'HISTORY000'))}, ${q(c.channel)}, ${q(c.department)},
        ${c.events.some((e) => e.type === 'transferred') ? q(c.department) : 'null'}, ${q(c.category)}, ${q(c.receivedOn)}, ${q(c.stage)}, 1, ${q(placeholder)},
        ${receivedAt}, ${q(c.acknowledgeBy)}, ${q(c.dueBy)}, ${c.concludedOn ? at(c.concludedOn) : 'null'}, ${c.events.length}, ${createdAt}, ${lastAt});`,
    );
    c.events.forEach((e, k) => {
      const actor = e.type === 'received' || e.type === 'rated' ? 'citizen' : 'system';
      // Public or not, and its data, as the case registry declares (schema/cases.ts).
      statements.push(
        `insert into complaint_events (complaint_id, at, actor, type, public, data) values (${id}, ${at(e.on, k)}, ${q(actor)}, ${q(e.type)}, ${caseEvents[e.type].public ? 1 : 0}, ${q(eventData(caseEvents, e.type, e.data, c.reference))});`,
      );
    });
    if (c.concludedOn) {
      statements.push(
        `insert into case_files (complaint_id, finding, sanctions, unit, concluded_on) values (${id}, ${q(c.finding!)}, ${q(JSON.stringify(c.sanctions))}, ${q(c.department)}, ${q(c.concludedOn)});`,
      );
    }
  }
  for (const p of demoPublications(cases, dates, sectionFacts)) {
    statements.push(
      `insert into bulletins (month, version, published_at, published_by, note, data) values (${q(p.month)}, ${p.version}, ${Date.parse(p.publishedAt)}, ${q(p.publishedBy)}, ${p.note === null ? 'null' : q(p.note)}, ${q(JSON.stringify(p.data))});`,
    );
  }
  return statements;
}
