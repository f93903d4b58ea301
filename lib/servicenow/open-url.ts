/**
 * Where "Open in ServiceNow" goes, as the user prefers (issue 12): the classic form through `nav_to.do`
 * (canonicalRecordUrl, the link every card already carries), or the record in Service Operations Workspace,
 * `/now/sow/record/<table>/<sys_id>` (platform-contracts.md B.11), for the tables SOW opens (tables.ts
 * `workspace`). Anything else, and a record known only by its number, opens in the classic form.
 */
import type { OpenRecordsIn } from '../preferences';
import type { SnRecord } from './record';
import { isSysId } from './record-url';
import { tableSpec } from './tables';

export function recordOpenUrl(record: Pick<SnRecord, 'instance' | 'table' | 'sys_id' | 'url'>, openIn: OpenRecordsIn): string {
  if (openIn === 'workspace' && isSysId(record.sys_id) && tableSpec(record.table).workspace) {
    return `${record.instance.replace(/\/+$/, '')}/now/sow/record/${encodeURIComponent(record.table)}/${record.sys_id}`;
  }
  return record.url;
}
