import type { CardField } from '../servicenow/tables';
import type { RecordLookup } from '../servicenow/record';

/** What a record card shows: the lookup, with its table's colour, fields and label. Cached and sent as is. */
export interface CardData {
  lookup: RecordLookup;
  accent: string;
  fields: CardField[];
  tableLabel: string;
}
