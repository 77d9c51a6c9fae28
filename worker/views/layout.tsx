/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The frame of every page the worker renders. It copies the markup contract documented at the top
 * of site/layouts/Base.astro (header, font-size control, navigation, footer, stylesheets, all from
 * schema/ui.ts), so the static and the dynamic pages look and read as one site. Change both together:
 * test/unit/layout-contract.test.ts compares this header and footer with the built dist/index.html.
 */
import type { Child } from 'hono/jsx';
import { footerLinks, nav, ui } from '../../schema/ui.ts';
import { catalogue } from '../lib/catalogue.ts';
import { entryPage } from '../../schema/entry-pages.ts';

// 适老化 font-size control, as in site/components/FontSizeControl.astro (CSS :has(), no script).
const fontSizes = [
  { id: 'font-size-normal', label: ui['site.fontSize.normal'] },
  { id: 'font-size-large', label: ui['site.fontSize.large'] },
  { id: 'font-size-larger', label: ui['site.fontSize.larger'] },
];

export interface LayoutProps {
  title: string;
  /** Path of the page, for aria-current in the navigation. */
  path: string;
  /** True when the page shows validation errors: the title then starts with 错误：. */
  hasErrors?: boolean;
  /**
   * The meta description. Default: the one registered for `path` in schema/entry-pages.ts, else
   * the title with the office's name.
   */
  description?: string;
  /** Extra stylesheets or static scripts (no inline script: a strict CSP is coming). */
  scripts?: string[];
  externalScripts?: string[];
  /** Public pages meant for search engines (the bulletins) say so; forms and statuses stay noindex. */
  robots?: string;
  /** More of <head> (a description, a feed link, a page stylesheet). */
  head?: Child;
  /** The trail above the page, as in site/components/Breadcrumb.astro; the page title ends it. */
  breadcrumb?: { href: string; label: string }[];
  children?: Child;
}

export function Layout({ title, path, hasErrors, description, scripts = [], externalScripts = [], robots = 'noindex', head, breadcrumb, children }: LayoutProps) {
  return (
    <Frame
      title={`${hasErrors ? ui['form.errorTitlePrefix'] : ''}${title} - ${catalogue.office.name}`}
      robots={robots}
      description={description ?? entryPage(path)?.description ?? `${title}：${catalogue.office.name}网上办事。`}
      breadcrumb={
        breadcrumb && (
          <nav class="container breadcrumb" aria-label="当前位置" data-pagefind-ignore="all">
            <ol>
              <li>
                <a href="/">首页</a>
              </li>
              {breadcrumb.map((item) => (
                <li>
                  <a href={item.href}>{item.label}</a>
                </li>
              ))}
              <li>
                <span aria-current="page">{title}</span>
              </li>
            </ol>
          </nav>
        )
      }
      head={
        <>
          {head}
          {scripts.map((src) => (
            <script src={src} defer></script>
          ))}
          {externalScripts.map((src) => (
            <script src={src} async defer></script>
          ))}
        </>
      }
      home="/"
      tagline={ui['site.tagline']}
      nav={
        <nav class="site-nav" aria-label="主导航">
          <NavLinks class="container nav" items={nav} current={(item) => item.href !== '/' && path.startsWith(item.href)} />
        </nav>
      }
      footer={
        <>
          <ul class="footer-links">
            {footerLinks.map((item) => (
              <li>
                <a href={item.href}>{item.label}</a>
              </li>
            ))}
          </ul>
          <p class="footer-office">
            {catalogue.office.name} · {catalogue.office.address}
          </p>
        </>
      }
    >
      {children}
    </Frame>
  );
}

export interface FrameProps {
  title: string;
  robots: string;
  /** The meta description; default: the tagline (what part of the site this is) and the title. */
  description?: string;
  /** After the shared stylesheets in <head>. */
  head?: Child;
  bodyClass?: string;
  /** Where the site name links to, and the tagline beside it. */
  home: string;
  tagline: string;
  /** The navigation (and anything else) at the end of the header. */
  nav?: Child;
  /** The footer after the complaint phone line. */
  footer?: Child;
  /** Between the header and <main> (the breadcrumb trail). */
  breadcrumb?: Child;
  children?: Child;
}

/**
 * The document, header and footer shared by the public pages and the office console
 * (worker/views/office/layout.tsx); each layout brings its navigation and footer lines.
 */
export function Frame({ title, robots, description, head, bodyClass, home, tagline, nav, footer, breadcrumb, children }: FrameProps) {
  const office = catalogue.office;
  const supervision = catalogue.supervision;
  return (
    <Document
      title={title}
      robots={robots}
      description={description ?? `${tagline}：${title}`}
      head={
        <>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/styles/portal.css" />
          <link rel="stylesheet" href="/styles/forms.css" />
          {head}
        </>
      }
      bodyClass={bodyClass}
    >
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
          <a class="site-name" href={home}>
            {office.name}
            <span class="site-tagline">{tagline}</span>
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
        {nav}
      </header>
      {breadcrumb}
      <main id="main" class="container">
        {children}
      </main>
      <footer class="site-footer" data-pagefind-ignore="all">
        <div class="container">
          <p class="footer-phone">
            {ui['site.complaintPhone']}：<a href={`tel:${supervision.complaintPhone}`}>{supervision.complaintPhone}</a>（{supervision.phoneHours}）
          </p>
          {footer}
        </div>
      </footer>
    </Document>
  );
}

/** The HTML document around every page, the console's paper sheets included: language, viewport, robots and title. */
export function Document({ title, robots, description, head, bodyClass, children }: { title: string; robots: string; description?: string; head?: Child; bodyClass?: string; children?: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content={robots} />
        {description !== undefined && <meta name="description" content={description} />}
        <title>{title}</title>
        {head}
      </head>
      <body class={bodyClass}>{children}</body>
    </html>
  );
}

/** A list of navigation links; the current one is marked with aria-current="page". */
export function NavLinks<T extends { href: string; label: string }>({ class: cls, items, current }: { class: string; items: readonly T[]; current: (item: T) => boolean }) {
  return (
    <ul class={cls}>
      {items.map((item) => (
        <li>
          <a href={item.href} aria-current={current(item) ? 'page' : undefined}>
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Render a page as a complete HTML document. */
export function page(node: Child): string {
  return `<!doctype html>${String(node)}`;
}
