/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The whereabouts board (去向牌): the public page (all departments or one), the kiosk view for the
 * corridor screen (reloads itself with a meta refresh, no script), and the console page where staff
 * record their own whereabouts in a few seconds.
 */
import { absenceKinds, type AbsenceKind } from '../../schema/appointment.ts';
import type { FieldError } from '../../schema/common.ts';
import { KIOSK_REFRESH_SECONDS, publicWord } from '../../schema/whereabouts.ts';
import type { Staff } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import type { AbsenceRow } from '../services/appointments.ts';
import type { BoardDepartment } from '../services/whereabouts.ts';
import { errorMap, Select, TextField } from './fields.tsx';
import { Frame, Layout } from './layout.tsx';
import { CsrfField, OfficeLayout } from './office/layout.tsx';
import { Table } from './records.tsx';

const actingRole = { a: 'A 岗', b: 'B 岗代岗', 'stand-in': '经负责人批准代岗', head: '负责人代岗' } as const;

function Department({ d, level = 2 }: { d: BoardDepartment; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  const awayPosts = d.posts.filter((p) => p.acting.role !== 'a');
  return (
    <section class="whereabouts-department" aria-labelledby={`d-${d.id}`}>
      <H id={`d-${d.id}`}>
        <a href={`/whereabouts/${d.id}/`}>{d.name}</a>
      </H>
      <p>处室电话：{d.phone}</p>
      <Table class="table" caption={`${d.name}工作人员去向`} captionClass="visually-hidden" head={['姓名', '职务', '去向']}>
        {d.staff.map((s) => (
          <tr>
            <th scope="row">{s.name}</th>
            <td>{s.title}</td>
            <td>
              {s.status}
              {s.until ? `（至 ${s.until}）` : ''}
            </td>
          </tr>
        ))}
      </Table>
      {awayPosts.length > 0 && (
        <>
          <p>
            <strong>代岗：</strong>
          </p>
          <ul>
            {awayPosts.map((p) => (
              <li>
                {p.title}：由 {p.acting.name}（{actingRole[p.acting.role]}）办理，电话 {p.acting.phone}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function BoardPage({ date, departments, one }: { date: string; departments: BoardDepartment[]; one?: boolean }) {
  const title = one ? `${departments[0].name}去向牌` : '工作人员去向牌';
  const path = one ? `/whereabouts/${departments[0].id}/` : '/whereabouts/';
  return (
    <Layout title={title} path={path} description={`${title}：今天谁在岗，谁不在时由谁代岗。`}>
      <h1>{title}</h1>
      <p>
        {date} 的去向，随登记实时更新。A 岗工作人员不在时由 B 岗代岗；A、B 岗都不在时由处室负责人办理。去向只写“在岗、外出办事、开会、出差、学习、请假”等，不公开个人原因。
      </p>
      <p>
        <a href={`${path}kiosk/`}>走廊屏幕版（每 {KIOSK_REFRESH_SECONDS} 秒自动刷新）</a>
        {one && (
          <>
            {' · '}
            <a href="/whereabouts/">全部处室</a>
          </>
        )}
      </p>
      {departments.map((d) => (
        <Department d={d} />
      ))}
    </Layout>
  );
}

/** The corridor screen: no navigation, large type, reloads itself without any script. */
export function KioskPage({ date, departments, path }: { date: string; departments: BoardDepartment[]; path: string }) {
  return (
    <Frame
      title={`去向牌（屏幕版） - ${catalogue.office.name}`}
      robots="noindex"
      description="工作人员去向牌，走廊屏幕版。"
      head={<meta http-equiv="refresh" content={String(KIOSK_REFRESH_SECONDS)} />}
      bodyClass="kiosk"
      home="/"
      tagline="工作人员去向牌"
    >
      <h1>
        去向牌 <small>{date}</small>
      </h1>
      <p>
        <a href={path}>普通版</a>
      </p>
      {departments.map((d) => (
        <Department d={d} />
      ))}
    </Frame>
  );
}

export function WhereaboutsConsolePage(props: { staff: Staff; csrf: string; today: string; rows: AbsenceRow[]; errors?: FieldError[]; values?: Record<string, string>; notice?: string }) {
  const { staff, csrf, today, rows, errors = [], values = {} } = props;
  const err = errorMap(errors);
  const mine = staff.role !== 'supervisor';
  return (
    <OfficeLayout title="我的去向" staff={staff} csrf={csrf} active="whereabouts" errors={errors} notice={props.notice}>
      <h1>登记去向</h1>
      <p>
        登记后立即显示在 <a href="/whereabouts/">公开去向牌</a>（病假和休假在公开页面都只显示“请假”），这段时间交给本岗位的预约、询问转给 B 岗。可以提前登记计划中的外出；A 岗计划外出请同时 <a href="/office/handovers/">登记岗位交接</a>。
      </p>
      <form method="post" action="/office/whereabouts/" novalidate>
        <CsrfField csrf={csrf} />
        {mine ? (
          <input type="hidden" name="staffId" value={staff.staffId ?? ''} />
        ) : (
          <Select id="staffId" label="工作人员" value={values.staffId ?? staff.staffId ?? ''} error={err.staffId} options={catalogue.staff.map((s) => ({ value: s.id, label: s.name }))} />
        )}
        {mine && err.staffId && <p class="field-error">{err.staffId}</p>}
        <Select id="kind" label="去向" empty="请选择" value={values.kind} error={err.kind} options={absenceKinds.codes.map((k) => ({ value: k, label: absenceKinds.label(k) }))} />
        <TextField id="fromDate" label="从" hint="YYYY-MM-DD" value={values.fromDate ?? today} error={err.fromDate} width="10" />
        <TextField id="toDate" label="到（含这一天）" hint="YYYY-MM-DD" value={values.toDate ?? today} error={err.toDate} width="10" />
        <button class="button" type="submit">
          登记
        </button>
      </form>
      <form method="post" action="/office/whereabouts/back" novalidate>
        <CsrfField csrf={csrf} />
        <input type="hidden" name="staffId" value={staff.staffId ?? ''} />
        <button class="button button--secondary" type="submit">
          我已返岗
        </button>
      </form>
      <h2>当前和计划中的去向</h2>
      <Table class="table" head={['工作人员', '去向', '从', '到']}>
        {rows
          .filter((r) => r.withdrawnAt === null && r.toDate >= today)
          .map((r) => (
            <tr>
              <td>{catalogue.staff.find((s) => s.id === r.staffId)?.name ?? r.staffId}</td>
              <td>{staff.role === 'supervisor' || r.staffId === staff.staffId ? (absenceKinds.entries[r.kind as AbsenceKind] ?? r.kind) : publicWord[r.kind as AbsenceKind]}</td>
              <td>{r.fromDate}</td>
              <td>{r.toDate}</td>
            </tr>
          ))}
      </Table>
    </OfficeLayout>
  );
}
