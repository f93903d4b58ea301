/**
 * Configuration items for the new-incident form's "Configuration item" combobox, as the user (records-and-watch-
 * contracts.md B.1: `cmdb_ci` is a cmdb_ci sys_id): operational items (operational_status 1, "Operational": a
 * retired or broken-down CI is not one to raise new incidents against) whose name contains the text, ten at most,
 * by name. The class (Server, Database…) is the detail. Users without CMDB read rights see none: the field is then
 * simply left empty (the "Populate Assignment Group based on CI" rule only needs it when given, B.1).
 */
import { option, type PersonOption } from './people';
import { displayOf, escapeQueryValue, type TableClient, valueOf } from './table-client';

const LIMIT = 10;

export async function searchConfigurationItems(client: TableClient, text: string, signal?: AbortSignal): Promise<PersonOption[]> {
  const q = escapeQueryValue(text.trim());
  const { rows } = await client.list('cmdb_ci', {
    query: `operational_status=1${q ? `^nameLIKE${q}` : ''}^ORDERBYname`,
    fields: 'sys_id,name,sys_class_name',
    limit: LIMIT,
    signal,
  });
  return rows.flatMap((r) => option(valueOf(r.sys_id), valueOf(r.name), displayOf(r.sys_class_name)));
}
