import type { SearchFilters } from './query';

/** One row of the results list: what the popup shows and what open, copy, share and insert need. */
export interface SearchResult {
  instance: string;
  table: string;
  /** the instance's own label (sys_class_name display), else the catalogue's */
  tableLabel: string;
  sys_id: string;
  number: string;
  shortDescription: string;
  url: string;
  state: string;
  priority: string;
  /** priority value, for the colour */
  priorityValue: string;
  updatedAt: string;
  /** `[INC0010001: short](url)`, neutralised (markdown-link.ts) */
  markdown: string;
}

/** Where "Load more" continues: next offset per source (`task`, `kb_knowledge`, a user-added table). */
export type SearchCursor = Record<string, number>;

export interface SearchRequest {
  instance: string;
  text: string;
  filters: SearchFilters;
  cursor?: SearchCursor;
}

export interface SearchPage {
  /** the record whose number was typed, first (only on the first page) */
  exact?: SearchResult;
  results: SearchResult[];
  /** X-Total-Count summed over the sources (rows the user can't read count too) */
  total: number;
  /** absent when every source is exhausted */
  cursor?: SearchCursor;
}
