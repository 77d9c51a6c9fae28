/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The frame of every office console page: the public pages' Frame (worker/views/layout.tsx, the
 * header/footer contract of site/layouts/Base.astro) and stylesheets, plus office.css;
 * the public navigation is replaced by the console's own, with the signed-in person and a
 * sign-out form (POST with the CSRF token: signing out changes state).
 */
import type { Child } from 'hono/jsx';
import { roles } from '../../../schema/domain.ts';
import { ui } from '../../../schema/ui.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';
import type { FieldError } from '../../../schema/common.ts';
import { ErrorSummary, SuccessNotice } from '../fields.tsx';
import { Document, Frame, NavLinks } from '../layout.tsx';

/** The console sections; `roles` lists who sees the entry (empty: everyone signed in). */
export const officeNav = [
  { id: 'cases', href: '/office/cases/', label: '案件', roles: ['intake', 'handler', 'supervisor'] },
  { id: 'alerts', href: '/office/alerts/', label: '提醒', roles: ['supervisor'] },
  { id: 'appointments', href: '/office/appointments/', label: '预约', roles: ['intake', 'handler', 'supervisor'] },
  { id: 'applications', href: '/office/applications/', label: '电子监察', roles: ['intake', 'handler', 'supervisor', 'admin'] },
  { id: 'inquiries', href: '/office/inquiries/', label: '首问登记', roles: ['intake', 'handler', 'supervisor'] },
  { id: 'whereabouts', href: '/office/whereabouts/', label: '去向', roles: ['intake', 'handler', 'supervisor'] },
  { id: 'bulletins', href: '/office/bulletins/', label: '月度通报', roles: ['supervisor'] },
  { id: 'decisions', href: '/office/decisions/', label: '处理决定', roles: ['supervisor', 'leader', 'admin'] },
  { id: 'my-decisions', href: '/office/decisions/mine/', label: '我的处理决定', roles: ['intake', 'handler', 'supervisor', 'leader', 'admin'] },
  { id: 'targets', href: '/office/targets/', label: '目标管理', roles: ['intake', 'handler', 'supervisor', 'leader', 'admin'] },
  { id: 'accounts', href: '/office/accounts/', label: '账户', roles: ['admin'] },
  { id: 'notify', href: '/office/notify/', label: '通知设置', roles: ['intake', 'handler', 'supervisor', 'admin'] },
] as const;
export type OfficeSection = (typeof officeNav)[number]['id'];

export interface OfficeLayoutProps {
  title: string;
  /** Signed-in staff; absent on the sign-in page. */
  staff?: Staff;
  csrf?: string;
  /** Which console section is current (aria-current). */
  active?: OfficeSection;
  /** True when the page shows validation errors: the title then starts with 错误：. */
  hasErrors?: boolean;
  /** The page's validation errors, summed up first on the page (and the title starts with 错误：). */
  errors?: FieldError[];
  /** Where the summary's links go for fields whose id is not their name. */
  errorIds?: Record<string, string>;
  /** What the last action did, after the errors. */
  notice?: string;
  children?: Child;
}

/** The hidden CSRF field every console form carries. */
export function CsrfField({ csrf }: { csrf?: string }) {
  return <input type="hidden" name="csrf" value={csrf ?? ''} />;
}

/**
 * A console form that changes a record: POST with the CSRF token and the version of the record the
 * page showed, so a change made meanwhile by someone else is refused instead of overwritten.
 */
export function VersionedForm({ action, csrf, version, novalidate = true, children }: { action: string; csrf: string; version: number | string; novalidate?: boolean; children?: Child }) {
  return (
    <form method="post" action={action} novalidate={novalidate}>
      <CsrfField csrf={csrf} />
      <input type="hidden" name="version" value={String(version)} />
      {children}
    </form>
  );
}

export function OfficeLayout({ title, staff, csrf, active, errors, errorIds, notice, hasErrors = (errors?.length ?? 0) > 0, children }: OfficeLayoutProps) {
  const office = catalogue.office;
  const entries = staff ? officeNav.filter((n) => (n.roles as readonly string[]).includes(staff.role)) : [];
  return (
    <Frame
      title={`${hasErrors ? ui['form.errorTitlePrefix'] : ''}${title} - 效能办控制台 - ${office.name}`}
      robots="noindex, nofollow"
      head={<link rel="stylesheet" href="/styles/office.css" />}
      bodyClass="office"
      home="/office/"
      tagline="效能办控制台（工作人员专用）"
      nav={
        staff && (
          <>
            <nav class="site-nav" aria-label="控制台导航">
              <NavLinks class="container nav" items={entries} current={(item) => item.id === active} />
            </nav>
            <div class="container office-user">
              <p class="office-user__who">
                {staff.name}（{roles.label(staff.role)}
                {staff.department ? `，${departmentName(staff.department)}` : ''}）
              </p>
              <form method="post" action="/office/logout" class="office-user__logout">
                <CsrfField csrf={csrf} />
                <button class="button button--secondary" type="submit">
                  退出登录
                </button>
              </form>
              <form method="post" action="/office/logout-everywhere" class="office-user__logout office-user__everywhere">
                <CsrfField csrf={csrf} />
                <button class="button button--secondary" type="submit">
                  在所有设备上退出
                </button>
              </form>
            </div>
          </>
        )
      }
      footer={
        <p class="footer-office">
          {office.name} · {office.address} · <a href="/">返回门户首页</a>
        </p>
      }
    >
      {errors && <ErrorSummary errors={errors} ids={errorIds} />}
      <SuccessNotice notice={notice} />
      {children}
    </Frame>
  );
}

/** A console list's filters: a GET form (the choice stays in the URL) ending with its button. */
export function FilterForm({ action, class: cls, label, submit = '筛选', children }: { action: string; class?: string; label?: string; submit?: string; children?: Child }) {
  return (
    <form method="get" action={action} class={cls} aria-label={label}>
      {children}
      <button class="button button--secondary" type="submit">
        {submit}
      </button>
    </form>
  );
}

/** The way back from a console page to the list or page it belongs to, in a paragraph of its own. */
export function BackLink({ href, children }: { href: string; children: Child }) {
  return (
    <p>
      <a href={href}>{children}</a>
    </p>
  );
}

export interface PrintSheetProps {
  /** The document's title, before the office's name. */
  title: string;
  /** The toolbar's name, e.g. 通知书操作. */
  toolbar: string;
  /** The way back to the console page this sheet prints. */
  back: { href: string; label: string };
  /** After the way back: how to print, e.g. 用浏览器“打印”即可打印本页. */
  printHint: string;
  /** data-* attributes of the sheet, for tests. */
  sheet?: Record<`data-${string}`, string>;
  children?: Child;
}

/**
 * A console document sized for paper (notice.css): no console frame, a toolbar that is not printed
 * with the way back, and the sheet headed by the office's name. The 告诫通知书 and the 预约登记本 use it.
 */
export function PrintSheet({ title, toolbar, back, printHint, sheet, children }: PrintSheetProps) {
  const office = catalogue.office;
  return (
    <Document title={`${title} - ${office.name}`} robots="noindex, nofollow" head={<link rel="stylesheet" href="/styles/notice.css" />} bodyClass="notice">
      <nav class="toolbar" aria-label={toolbar}>
        <a href={back.href}>{back.label}</a> · {printHint}
      </nav>
      <main class="sheet" {...sheet}>
        <p class="office">{office.name}</p>
        {children}
      </main>
    </Document>
  );
}
