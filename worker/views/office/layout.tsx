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
import { Frame } from '../layout.tsx';

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
  children?: Child;
}

/** The hidden CSRF field every console form carries. */
export function CsrfField({ csrf }: { csrf?: string }) {
  return <input type="hidden" name="csrf" value={csrf ?? ''} />;
}

export function OfficeLayout({ title, staff, csrf, active, hasErrors, children }: OfficeLayoutProps) {
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
              <ul class="container nav">
                {entries.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.id === active ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
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
      {children}
    </Frame>
  );
}
