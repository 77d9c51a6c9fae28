/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The frame of every page the worker renders. It mirrors site/layouts/Base.astro (same header,
 * navigation, footer and stylesheets, from schema/ui.ts), so the static and the dynamic pages look
 * and read as one site.
 */
import type { Child } from 'hono/jsx';
import { footerLinks, nav, ui } from '../../schema/ui.ts';
import { catalogue } from '../lib/catalogue.ts';

export interface LayoutProps {
  title: string;
  /** Path of the page, for aria-current in the navigation. */
  path: string;
  /** True when the page shows validation errors: the title then starts with 错误：. */
  hasErrors?: boolean;
  /** Extra stylesheets or static scripts (no inline script: a strict CSP is coming). */
  scripts?: string[];
  externalScripts?: string[];
  children?: Child;
}

export function Layout({ title, path, hasErrors, scripts = [], externalScripts = [], children }: LayoutProps) {
  const office = catalogue.office;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${hasErrors ? ui['form.errorTitlePrefix'] : ''}${title} - ${office.name}`}</title>
        <link rel="stylesheet" href="/styles/portal.css" />
        <link rel="stylesheet" href="/styles/forms.css" />
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
        {externalScripts.map((src) => (
          <script src={src} async defer></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ui['site.skipLink']}
        </a>
        <header class="site-header" data-pagefind-ignore="all">
          {office.demo && <p class="demo-banner">{ui['site.demoBanner']}</p>}
          <div class="container">
            <a class="site-name" href="/">
              {office.name}
              <span>政务公开与效能监督</span>
            </a>
          </div>
          <nav aria-label="主导航" class="container">
            <ul class="nav">
              {nav.map((item) => (
                <li>
                  <a href={item.href} aria-current={item.href !== '/' && path.startsWith(item.href) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer" data-pagefind-ignore="all">
          <div class="container">
            <ul class="footer-links">
              {footerLinks.map((item) => (
                <li>
                  <a href={item.href}>{item.label}</a>
                </li>
              ))}
            </ul>
            <p>
              {office.name} · {office.address}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Render a page as a complete HTML document. */
export function page(node: Child): string {
  return `<!doctype html>${String(node)}`;
}
