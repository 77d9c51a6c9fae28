/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The frame of every office console page. Same header/footer contract as the public pages
 * (site/layouts/Base.astro, worker/views/layout.tsx) and the same stylesheets, plus office.css;
 * the public navigation is replaced by the console's own, with the signed-in person and a
 * sign-out form (POST with the CSRF token: signing out changes state).
 */
import type { Child } from 'hono/jsx';
import { roles } from '../../../schema/domain.ts';
import { ui } from '../../../schema/ui.ts';
import type { Staff } from '../../env.ts';
import { catalogue, departmentName } from '../../lib/catalogue.ts';

const fontSizes = [
  { id: 'font-size-normal', label: ui['site.fontSize.normal'] },
  { id: 'font-size-large', label: ui['site.fontSize.large'] },
  { id: 'font-size-larger', label: ui['site.fontSize.larger'] },
];

/** The console sections; `roles` lists who sees the entry (empty: everyone signed in). */
export const officeNav = [
  { id: 'cases', href: '/office/cases/', label: '案件', roles: ['intake', 'handler', 'supervisor'] },
  { id: 'alerts', href: '/office/alerts/', label: '提醒', roles: ['supervisor'] },
  { id: 'appointments', href: '/office/appointments/', label: '预约', roles: ['intake', 'handler', 'supervisor'] },
  { id: 'bulletins', href: '/office/bulletins/', label: '月度通报', roles: ['supervisor'] },
  { id: 'accounts', href: '/office/accounts/', label: '账户', roles: ['admin'] },
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
  const supervision = catalogue.supervision;
  const entries = staff ? officeNav.filter((n) => (n.roles as readonly string[]).includes(staff.role)) : [];
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${hasErrors ? ui['form.errorTitlePrefix'] : ''}${title} - 效能办控制台 - ${office.name}`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/styles/portal.css" />
        <link rel="stylesheet" href="/styles/forms.css" />
        <link rel="stylesheet" href="/styles/office.css" />
      </head>
      <body class="office">
        <a class="skip-link" href="#main">
          {ui['site.skipLink']}
        </a>
        <header class="site-header" data-pagefind-ignore="all">
          {office.demo && (
            <p class="demo-banner" role="note">
              {ui['site.demoBanner']}
            </p>
          )}
          <div class="container header-bar">
            <a class="site-name" href="/office/">
              {office.name}
              <span class="site-tagline">效能办控制台（工作人员专用）</span>
            </a>
            <fieldset class="font-size">
              <legend>{ui['site.fontSize']}</legend>
              {fontSizes.map((s, i) => (
                <span class="font-size-option">
                  <input type="radio" name="font-size" id={s.id} value={s.id} checked={i === 0} />
                  <label for={s.id}>{s.label}</label>
                </span>
              ))}
            </fieldset>
          </div>
          {staff && (
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
          )}
          {staff && (
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
            </div>
          )}
        </header>
        <main id="main" class="container">
          {children}
        </main>
        <footer class="site-footer" data-pagefind-ignore="all">
          <div class="container">
            <p class="footer-phone">
              {ui['site.complaintPhone']}：<a href={`tel:${supervision.complaintPhone}`}>{supervision.complaintPhone}</a>（{supervision.phoneHours}）
            </p>
            <p class="footer-office">
              {office.name} · {office.address} · <a href="/">返回门户首页</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
