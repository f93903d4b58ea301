import { expect, test } from 'vitest';
import { shareSubject } from '../messages';
import { openShareSubject } from './tab-message';

const cases: unknown[] = [
  { kind: 'record', instance: 'https://acme.service-now.com', ref: { table: 'incident', sys_id: '9d385017c611228701d22104cc95c371' } },
  { kind: 'record', instance: 'https://acme.service-now.com', ref: { number: 'INC0010001' } },
  { kind: 'record', instance: 'https://acme.service-now.com', ref: { table: 'incident', number: 'INC0010001' } },
  { kind: 'record', instance: 'javascript:alert(1)', ref: { number: 'INC0010001' } },
  { kind: 'record', instance: 'https://acme.service-now.com', ref: { table: 'Incident', sys_id: '9d385017c611228701d22104cc95c371' } },
  { kind: 'record', instance: 'https://acme.service-now.com', ref: { table: 'incident', sys_id: 'not-hex' } },
  { kind: 'link', url: 'https://news.example.test/a', title: 'A story' },
  { kind: 'link', url: 'ftp://news.example.test/a' },
  { kind: 'quote', text: 'hello', url: 'https://news.example.test/a' },
  { kind: 'quote', text: '', url: 'https://news.example.test/a' },
  { kind: 'quote', text: 'x', url: 'https://news.example.test/a', title: 7 },
  { kind: 'other' },
  null,
];

test.each(cases)('agrees with the zod schema on %j', (subject) => {
  const zod = shareSubject.safeParse(subject);
  expect(openShareSubject({ type: 'nowbridge/open-share', subject })).toEqual(zod.success ? zod.data : undefined);
});

test('refuses other message types', () => {
  expect(openShareSubject({ type: 'tokens/get', subject: cases[0] })).toBeUndefined();
});
