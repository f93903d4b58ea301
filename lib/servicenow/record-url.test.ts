import { describe, expect, test } from 'vitest';
import { HOSTS, SN_RECORDS } from '../../sim/fixtures';
import {
  canonicalRecordUrl,
  detectors,
  isSysId,
  normalizeOrigin,
  parseRecordUrl,
  type RecordRef,
} from './record-url';

const ACME = `https://${HOSTS.servicenow}`;
const CUSTOM = `https://${HOSTS.servicenowCustom}`;
const ORIGINS = [ACME, CUSTOM];
const INC = SN_RECORDS.incident.sys_id;

/** `table:value` (the examples' notation) → the expected ref on `origin`. */
function expected(spec: string, origin = ACME): RecordRef {
  const [table, value] = spec.split(':') as [string, string];
  return isSysId(value) ? { origin, table, sys_id: value } : { origin, table, number: value };
}

describe('detectors (Refined GitHub style)', () => {
  test('every detector has examples (meta-test)', () => {
    for (const d of detectors) expect(d.examples.length, d.name).toBeGreaterThan(0);
  });

  test('detector names are unique', () => {
    expect(new Set(detectors.map((d) => d.name)).size).toBe(detectors.length);
  });

  test('examples are unique across detectors', () => {
    const urls = detectors.flatMap((d) => d.examples.map(([u]) => u));
    expect(new Set(urls).size).toBe(urls.length);
  });

  for (const d of detectors) {
    describe(d.name, () => {
      test.each(d.examples.map(([url, spec]) => [url, spec]))('%s → %s', (url, spec) => {
        expect(d.test(new URL(url))).toEqual(stripOrigin(expected(spec)));
        expect(parseRecordUrl(url, ORIGINS)).toEqual(expected(spec));
      });

      // Automatic cross-negatives: this detector must reject every other detector's examples.
      const others = detectors.filter((o) => o !== d).flatMap((o) => o.examples.map(([u]) => [o.name, u] as const));
      test.each(others)('rejects %s example %s', (_, url) => {
        expect(d.test(new URL(url))).toBeNull();
      });

      test.each(d.examples.map(([url, spec]) => [url, spec]))('works on a custom domain: %s', (url, spec) => {
        const moved = url.replace(ACME, CUSTOM);
        expect(parseRecordUrl(moved, ORIGINS)).toEqual(expected(spec, CUSTOM));
        // … but only when that domain is configured.
        expect(parseRecordUrl(moved, [ACME])).toBeNull();
      });
    });
  }
});

function stripOrigin(r: RecordRef) {
  const { origin: _, ...rest } = r;
  return rest;
}

describe('negatives', () => {
  test.each([
    // new records
    `${ACME}/incident.do?sys_id=-1`,
    `${ACME}/incident.do?sys_id=-1&sysparm_query=active=true`,
    `${ACME}/nav_to.do?uri=incident.do%3Fsys_id%3D-1`,
    `${ACME}/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D-1`,
    `${ACME}/now/sow/record/incident/-1`,
    `${ACME}/now/sow/record/incident/-1_uid_3/params/query/active%3Dtrue`,
    `${ACME}/now/workspace/agent/record/incident/-1`,
    `${ACME}/now/sow/record/incident/${INC}/sub/record/incident_task/-1`, // a new sub-record is on screen
    `${ACME}/sp?id=form&table=incident&sys_id=-1`,
    `${ACME}/now/hr/record/sn_hr_core_case/-1`,
    `${ACME}/x/acme/ops/record/incident/-1`,
    `${ACME}/kb?id=kb_article_view&sys_kb_id=-1`,
    // not workspaces: no workspace name before `record`, or the Next Experience shell
    `${ACME}/now/record/incident/${INC}`,
    `${ACME}/x/acme/record/incident/${INC}`,
    `${ACME}/now/nav/ui/record/incident/${INC}`,
    // lists
    `${ACME}/incident_list.do?sysparm_query=active=true`,
    `${ACME}/incident_list.do?sys_id=${INC}`,
    `${ACME}/nav_to.do?uri=incident_list.do%3Fsysparm_query%3Dactive%3Dtrue`,
    `${ACME}/now/nav/ui/classic/params/target/incident_list.do%3Fsysparm_query%3Dactive%253Dtrue`,
    `${ACME}/now/sow/list/params/list-id/abc/tiny-id/def`,
    `${ACME}/incident.do?sysparm_query=active=true`,
    `${ACME}/incident.do?sysparm_query=number=INC0010001^ORnumber=INC0010002`,
    // home and other pages
    `${ACME}/`,
    `${ACME}/now/nav/ui/home`,
    `${ACME}/now/sow/home`,
    `${ACME}/now/workspace/agent/home`,
    `${ACME}/navpage.do`,
    `${ACME}/login.do`,
    `${ACME}/login.do?sys_id=${INC}`,
    `${ACME}/nav_to.do?uri=home.do`,
    `${ACME}/sp?id=index`,
    `${ACME}/sp`,
    `${ACME}/esc?id=sc_cat_item&sys_id=${INC}`, // a catalogue item page: no table
    `${ACME}/sp?id=ticket&sys_id=${INC}`, // no table
    `${ACME}/sp?table=incident&sys_id=${INC}`, // no page id
    `${ACME}/sys_attachment.do?sys_id=${INC}`, // a file download, not a form
    `${ACME}/kb_view.do`,
    `${ACME}/kb?id=kb_home`,
    `${ACME}/sp?id=kb_article`,
    `${ACME}/kb_view.do?sysparm_article=`,
    // bad ids and tables
    `${ACME}/incident.do?sys_id=${INC.slice(1)}`,
    `${ACME}/incident.do?sys_id=${INC}0`,
    `${ACME}/incident.do?sys_id=${INC.replace(/.$/, 'g')}`,
    `${ACME}/incident.do?sys_id=`,
    `${ACME}/Incident.do?sys_id=${INC}`,
    `${ACME}/in-cident.do?sys_id=${INC}`,
    `${ACME}/now/sow/record/Incident/${INC}`,
    `${ACME}/now/sow/record/incident/${INC}/extra`,
    `${ACME}/now/sow/record/incident`,
    `${ACME}/sp?id=ticket&table=incident%20x&sys_id=${INC}`,
    `${ACME}/sp?id=kb_article&sys_id=not-an-article`,
    `${ACME}/incident.do/extra?sys_id=${INC}`,
    `${ACME}/deep/incident.do?sys_id=${INC}`,
    // wrappers that leave the instance
    `${ACME}/nav_to.do?uri=https://evil.example/incident.do%3Fsys_id%3D${INC}`,
    `${ACME}/nav_to.do?uri=//evil.example/incident.do%3Fsys_id%3D${INC}`,
    `${ACME}/nav_to.do?uri=%2F%2Fevil.example%2Fincident.do%3Fsys_id%3D${INC}`,
    `${ACME}/now/nav/ui/classic/params/target/https%3A%2F%2Fevil.example%2Fincident.do%3Fsys_id%3D${INC}`,
    `${ACME}/nav_to.do?uri=`,
    `${ACME}/nav_to.do?uri=%E0%A4%A`, // malformed encoding
    `${ACME}/nav_to.do`,
    // unknown origins, lookalikes, Mattermost
    `https://evil.service-now.com/incident.do?sys_id=${INC}`,
    `https://acme.service-now.com.evil.test/incident.do?sys_id=${INC}`,
    `http://acme.service-now.com/incident.do?sys_id=${INC}`,
    `https://acme.service-now.com:8443/incident.do?sys_id=${INC}`,
    `https://${HOSTS.mattermost}/acme/pl/abcdefghijklmnopqrstuvwxyz`,
    `https://${HOSTS.mattermost}/acme/channels/town-square`,
    `https://${HOSTS.unrelated}/incident.do?sys_id=${INC}`,
    // not URLs
    'incident.do?sys_id=' + INC,
    '',
    'not a url',
    `javascript:alert(1)//${ACME}/incident.do?sys_id=${INC}`,
  ])('%s → null', (url) => {
    expect(parseRecordUrl(url, ORIGINS)).toBeNull();
  });

  test('nothing matches without configured origins', () => {
    expect(parseRecordUrl(`${ACME}/incident.do?sys_id=${INC}`, [])).toBeNull();
  });

  test('a wrapper nested past the depth limit gives up instead of recursing forever', () => {
    let uri = `incident.do?sys_id=${INC}`;
    for (let i = 0; i < 8; i++) uri = `nav_to.do?uri=${encodeURIComponent(uri)}`;
    expect(parseRecordUrl(`${ACME}/${uri}`, ORIGINS)).toBeNull();
    let shallow = `incident.do?sys_id=${INC}`;
    for (let i = 0; i < 2; i++) shallow = `nav_to.do?uri=${encodeURIComponent(shallow)}`;
    expect(parseRecordUrl(`${ACME}/${shallow}`, ORIGINS)).toEqual(expected(`incident:${INC}`));
  });
});

describe('origins', () => {
  test.each([
    ['https://ACME.Service-Now.com', `${ACME}/incident.do?sys_id=${INC}`],
    ['https://acme.service-now.com:443/', `${ACME}/incident.do?sys_id=${INC}`],
    [ACME, `https://ACME.SERVICE-NOW.COM/incident.do?sys_id=${INC}`],
    [ACME, `https://acme.service-now.com:443/incident.do?sys_id=${INC}`],
    ['https://itsm.example.test:8443', `https://itsm.example.test:8443/incident.do?sys_id=${INC}`],
    ['http://localhost:8080', `http://localhost:8080/incident.do?sys_id=${INC}`],
  ])('configured %s matches %s', (origin, url) => {
    const r = parseRecordUrl(url, [origin]);
    expect(r).toMatchObject({ table: 'incident', sys_id: INC });
    expect(r!.origin).toBe(normalizeOrigin(origin));
  });

  test('an invalid configured origin is skipped, not fatal', () => {
    expect(parseRecordUrl(`${ACME}/incident.do?sys_id=${INC}`, ['not a url', ACME])).not.toBeNull();
  });

  test('the port counts: a different port is a different instance', () => {
    expect(parseRecordUrl(`https://itsm.example.test:9443/incident.do?sys_id=${INC}`, ['https://itsm.example.test:8443'])).toBeNull();
  });

  test('normalizeOrigin', () => {
    expect(normalizeOrigin('HTTPS://Acme.Service-Now.com:443/x?y#z')).toBe(ACME);
    expect(normalizeOrigin('ftp://acme.service-now.com')).toBeNull();
    expect(normalizeOrigin('acme.service-now.com')).toBeNull();
  });

  test('accepts a URL object', () => {
    expect(parseRecordUrl(new URL(`${ACME}/incident.do?sys_id=${INC}`), ORIGINS)).toEqual(expected(`incident:${INC}`));
  });
});

describe('details', () => {
  test('upper-case hex sys_ids are accepted and lower-cased (one record, one cache key)', () => {
    const upper = INC.toUpperCase();
    for (const url of [
      `${ACME}/incident.do?sys_id=${upper}`,
      `${ACME}/now/sow/record/incident/${upper}`,
      `${ACME}/sp?id=ticket&table=incident&sys_id=${upper}`,
      `${ACME}/nav_to.do?uri=incident.do%3Fsys_id%3D${upper}`,
    ]) {
      expect(parseRecordUrl(url, ORIGINS), url).toEqual(expected(`incident:${INC}`));
    }
  });

  test.each([
    [`${ACME}/incident.do?sys_id=${INC}#`, `incident:${INC}`],
    [`${ACME}/incident.do?sys_id=${INC}#section_tab.abc`, `incident:${INC}`],
    [`${ACME}/now/sow/record/incident/${INC}#top`, `incident:${INC}`],
    [`${ACME}/nav_to.do?uri=incident.do%3Fsys_id%3D${INC}#x`, `incident:${INC}`],
    [`${ACME}/sp?id=ticket&table=incident&sys_id=${INC}#home`, `incident:${INC}`],
    [`${ACME}/kb_view.do?sysparm_article=KB0010001#h2`, 'kb_knowledge:KB0010001'],
  ])('a trailing hash is ignored: %s', (url, spec) => {
    expect(parseRecordUrl(url, ORIGINS)).toEqual(expected(spec));
  });

  test('the first sys_id parameter wins', () => {
    const other = SN_RECORDS.incident2.sys_id;
    expect(parseRecordUrl(`${ACME}/incident.do?sys_id=${INC}&sys_id=${other}`, ORIGINS)).toEqual(expected(`incident:${INC}`));
  });

  test('a form URL with both sys_id and a number query is read by sys_id', () => {
    expect(parseRecordUrl(`${ACME}/incident.do?sysparm_query=number=INC0010002&sys_id=${INC}`, ORIGINS)).toEqual(
      expected(`incident:${INC}`),
    );
  });

  test('KB article numbers with a version keep only the number', () => {
    expect(parseRecordUrl(`${ACME}/sp?id=kb_article&sys_id=KB0000005+V2.13`, ORIGINS)).toEqual(expected('kb_knowledge:KB0000005'));
    expect(parseRecordUrl(`${ACME}/kb_view.do?sysparm_article=kb0010001`, ORIGINS)).toEqual(expected('kb_knowledge:KB0010001'));
  });

  test('every fixture record round-trips through every URL builder', () => {
    for (const r of Object.values(SN_RECORDS)) {
      for (const origin of ORIGINS) {
        const bySysId: RecordRef = { origin, table: r.table, sys_id: r.sys_id };
        const byNumber: RecordRef = { origin, table: r.table, number: r.number };
        expect(parseRecordUrl(canonicalRecordUrl(bySysId), ORIGINS)).toEqual(bySysId);
        expect(parseRecordUrl(canonicalRecordUrl(byNumber), ORIGINS)).toEqual(byNumber);
        expect(parseRecordUrl(`${origin}/now/sow/record/${r.table}/${r.sys_id}`, ORIGINS)).toEqual(bySysId);
      }
    }
  });
});

describe('URL builders', () => {
  test('canonicalRecordUrl', () => {
    expect(canonicalRecordUrl({ origin: ACME, table: 'incident', sys_id: INC })).toBe(
      `${ACME}/nav_to.do?uri=incident.do%3Fsys_id%3D${INC}`,
    );
    expect(canonicalRecordUrl({ origin: ACME, table: 'kb_knowledge', number: 'KB0010001' })).toBe(
      `${ACME}/nav_to.do?uri=kb_knowledge.do%3Fsysparm_query%3Dnumber%3DKB0010001`,
    );
  });
});
