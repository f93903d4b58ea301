import { describe, expect, it } from 'vitest';
import { listFromUrl, MAX_QUERY_CHARS, newest, numberBatches, recordsQuery, since } from './watch-query';

const A = 'a'.repeat(32);

describe('watch queries (contracts C.1)', () => {
  it('asks for watched records updated at or after the watermark, oldest first', () => {
    expect(recordsQuery(['INC0010001', 'CHG0030001'], '2025-06-02 08:00:00')).toBe('numberININC0010001,CHG0030001^sys_updated_on>=2025-06-02 08:00:00^ORDERBYsys_updated_on');
  });
  it('without a watermark reads them all; a bad number or stamp never reaches the query', () => {
    expect(recordsQuery(['INC0010001', 'x^NQactive=true'], undefined)).toBe('numberININC0010001^ORDERBYsys_updated_on');
    expect(recordsQuery(['INC0010001'], 'javascript:gs.daysAgo(1)')).toBe('numberININC0010001^ORDERBYsys_updated_on');
  });
  it('fits 500 watched records in one request, and splits beyond what a request line may hold', () => {
    const numbers = Array.from({ length: 1200 }, (_, i) => `INC${String(10001 + i).padStart(7, '0')}`);
    expect(numberBatches(numbers.slice(0, 500), '2025-06-02 08:00:00')).toHaveLength(1);
    const batches = numberBatches(numbers, '2025-06-02 08:00:00');
    expect(batches.flat()).toEqual(numbers);
    for (const b of batches) expect(encodeURIComponent(recordsQuery(b, '2025-06-02 08:00:00')).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  });
  it('puts the watermark into every OR block and drops the list’s own order', () => {
    expect(since('priority=1^ORDERBYDESCnumber^NQstate=2', '2025-06-02 08:00:00')).toBe(
      'priority=1^sys_updated_on>=2025-06-02 08:00:00^NQstate=2^sys_updated_on>=2025-06-02 08:00:00^ORDERBYsys_updated_on',
    );
  });
  it('never lets a list query run a script', () => {
    expect(since('javascript:gs.getUserID()', undefined)).toBe('gs.getUserID()^ORDERBYsys_updated_on');
  });
  it('reads the table and query of a list page, classic or in the Next Experience shell', () => {
    expect(listFromUrl('https://acme.service-now.com/incident_list.do?sysparm_query=active%3Dtrue%5Epriority%3D1')).toEqual({ table: 'incident', query: 'active=true^priority=1' });
    expect(listFromUrl('https://acme.service-now.com/nav_to.do?uri=%2Fchange_request_list.do%3Fsysparm_query%3Dstate%3D-5')).toEqual({ table: 'change_request', query: 'state=-5' });
    expect(
      listFromUrl(`https://acme.service-now.com/now/nav/ui/classic/params/target/${encodeURIComponent('incident_list.do?sysparm_query=assigned_toISEMPTY')}`),
    ).toEqual({ table: 'incident', query: 'assigned_toISEMPTY' });
  });
  it('is not a list on a form, a home page or another site', () => {
    expect(listFromUrl(`https://acme.service-now.com/incident.do?sys_id=${A}`)).toBeUndefined();
    expect(listFromUrl('https://acme.service-now.com/now/nav/ui/home')).toBeUndefined();
    expect(listFromUrl('not a url')).toBeUndefined();
  });
});

describe('a queue first watched', () => {
  it('is read newest first, its own order dropped', () => {
    expect(newest('priority=1^ORDERBYnumber')).toBe('priority=1^ORDERBYDESCsys_updated_on');
  });
});
