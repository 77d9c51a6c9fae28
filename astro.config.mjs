// @ts-check
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { officeContentCheck } from './site/lib/content-check-integration.ts';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  // Used for the sitemap and feeds; the deployment guide says where to change it.
  site: 'https://xiaoneng.example.gov.cn',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [officeContentCheck(), mdx()],
});
