// @vitest-environment node
/** Unit tests for URL-shape parsing the shells and workspace pages rely on (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"). */
import { describe, expect, it } from 'vitest';
import { decodeTarget, localTarget, navToTarget } from './targets';
import { parseWorkspacePath } from './workspace';

const ID = '9d385017c611228701d22104cc95c371';
const tables = ['incident', 'problem'];

describe('targets', () => {
  it('decodes once, twice or not at all', () => {
    expect(decodeTarget(`incident.do?sys_id=${ID}`)).toBe(`incident.do?sys_id=${ID}`);
    expect(decodeTarget(`incident.do%3Fsys_id%3D${ID}`)).toBe(`incident.do?sys_id=${ID}`);
    expect(decodeTarget(`incident.do%253Fsys_id%253D${ID}`)).toBe(`incident.do?sys_id=${ID}`);
    // A value that merely contains a percent sign after the `?` is left alone.
    expect(decodeTarget('incident_list.do?sysparm_query=short_descriptionLIKE100%25')).toBe('incident_list.do?sysparm_query=short_descriptionLIKE100%25');
  });

  it('keeps frames on the instance', () => {
    expect(localTarget('https://evil.example/x', tables)).toBe('/home.do');
    expect(localTarget('//evil.example/x', tables)).toBe('/evil.example/x');
    expect(localTarget('JavaScript:alert(1)', tables)).toBe('/home.do');
    expect(localTarget(null, tables)).toBe('/home.do');
  });

  it('adds .do to the old Mattermost app shape for known tables only', () => {
    expect(localTarget(`/incident?sys_id=${ID}`, tables)).toBe(`/incident.do?sys_id=${ID}`);
    expect(localTarget('/kb?id=kb_article_view', tables)).toBe('/kb?id=kb_article_view');
  });

  it('joins nav_to parameters the browser split off a raw inner query', () => {
    expect(navToTarget(new URLSearchParams(`uri=incident.do?sys_id=${ID}&sysparm_view=ess`), tables)).toBe(`/incident.do?sys_id=${ID}&sysparm_view=ess`);
  });
});

describe('parseWorkspacePath', () => {
  it('reads SOW, generic and configurable workspaces, and the last sub-record', () => {
    expect(parseWorkspacePath(`/now/sow/record/incident/${ID}`)).toEqual({ workspace: 'sow', table: 'incident', sys_id: ID });
    expect(parseWorkspacePath(`/now/sow/record/incident/${ID}/params/extra-params/x`)).toEqual({ workspace: 'sow', table: 'incident', sys_id: ID });
    expect(parseWorkspacePath(`/now/workspace/agent/record/problem/${ID}`)).toEqual({ workspace: 'agent', table: 'problem', sys_id: ID });
    expect(parseWorkspacePath(`/now/cwf/hr/record/problem/${ID}`)).toEqual({ workspace: 'hr', table: 'problem', sys_id: ID });
    expect(parseWorkspacePath(`/now/sow/record/incident/x/sub/record/problem/${ID}`)?.table).toBe('problem');
    expect(parseWorkspacePath('/now/sow/home')).toBeUndefined();
    // any workspace name, scoped (/x/<scope>/<ws>/) or not, as the product's detector reads them (record-url.ts)
    expect(parseWorkspacePath(`/now/hr/record/incident/${ID}`)).toEqual({ workspace: 'hr', table: 'incident', sys_id: ID });
    expect(parseWorkspacePath(`/x/acme/ops/record/incident/${ID}`)).toEqual({ workspace: 'ops', table: 'incident', sys_id: ID });
    expect(parseWorkspacePath(`/now/nav/ui/record/incident/${ID}`)).toBeUndefined();
  });
});
