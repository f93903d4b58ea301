/**
 * The feature registry's own rules (issue 10): every in-page feature file is registered in its product's list,
 * has its own test file beside it, and is named in README's "In-page features" list, with its id.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature } from './feature';
import { MATTERMOST_FEATURES } from './mattermost';
import { SERVICENOW_FEATURES } from './servicenow';

const ROOT = join(__dirname, '../..');
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
/** Files that define a feature: `defineFeature(` outside the registry's own module and tests. */
const featureFiles = walk(join(ROOT, 'lib/content'))
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith('/feature.ts'))
  .filter((f) => /\bdefineFeature\(/.test(readFileSync(f, 'utf8')))
  .map((f) => relative(ROOT, f));
const REGISTERED: Record<string, readonly Feature[]> = { mattermost: MATTERMOST_FEATURES, servicenow: SERVICENOW_FEATURES };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('#### In-page features'), readme.indexOf('\n#', readme.indexOf('#### In-page features') + 5));

describe('in-page features', () => {
  it('are found', () => {
    expect(featureFiles.length).toBeGreaterThanOrEqual(7);
  });

  it.each(featureFiles)('%s is registered, has its own test file, and is in README', async (file) => {
    const mod = (await import(/* @vite-ignore */ join(ROOT, file))) as { feature?: Feature };
    expect(mod.feature, 'exports its feature as `feature`').toBeDefined();
    const lists = Object.entries(REGISTERED).filter(([, list]) => list.includes(mod.feature!));
    expect(lists.length, 'registered in lib/content/<product>/index.ts').toBeGreaterThan(0);
    expect(existsSync(join(ROOT, file.replace(/\.tsx?$/, '.test.ts'))) || existsSync(join(ROOT, file.replace(/\.tsx?$/, '.test.tsx'))), 'x.test.ts beside it').toBe(true);
    for (const [product] of lists) expect(section).toMatch(new RegExp(`\`${mod.feature!.id}\`.*\`${file}\`.*${product === 'mattermost' ? 'Mattermost' : 'ServiceNow'}|\`${mod.feature!.id}\`.*${product === 'mattermost' ? 'Mattermost' : 'ServiceNow'}.*\`${file}\``));
  });

  it('each list holds only features from those files, each id once', async () => {
    const defined = await Promise.all(featureFiles.map(async (f) => ((await import(/* @vite-ignore */ join(ROOT, f))) as { feature: Feature }).feature));
    for (const list of Object.values(REGISTERED)) {
      for (const f of list) expect(defined).toContain(f);
      expect(new Set(list.map((f) => f.id)).size).toBe(list.length);
    }
  });
});
