/**
 * The seam between the ServiceNow simulator's data side (store, seed, encoded queries, Table API, ACLs)
 * and its front side (auth, OAuth, sessions, UI pages, faults, start()).
 */
import type { SimRequest } from '../server';

export interface SnUser {
  sys_id: string;
  user_name: string;
  name: string;
  email: string;
  password: string;
  /** e.g. ['itil'], ['admin'], [] for an end user */
  roles: string[];
}

/** A stored record: every value is a string, as on the wire; references hold the target sys_id. */
export type SnRow = Record<string, string>;

export interface SnFieldValue {
  value: string;
  display_value: string;
  /** set for reference fields: the referenced table */
  refTable?: string;
}

export interface SnStore {
  users(): SnUser[];
  userByName(user_name: string): SnUser | undefined;
  userById(sys_id: string): SnUser | undefined;
  /** the raw row if it exists and `asUser` may read it (row ACL applied, hidden fields removed) */
  read(table: string, sys_id: string, asUser: SnUser): SnRow | undefined;
  /** value + display value for every readable field, for the UI pages */
  readDisplay(table: string, sys_id: string, asUser: SnUser): Record<string, SnFieldValue> | undefined;
  /** find by number in a table (or in any task table when table is 'task') */
  findByNumber(table: string, number: string, asUser: SnUser): { table: string; sys_id: string } | undefined;
  /** the concrete class of a record (sys_class_name), or undefined */
  classOf(sys_id: string): string | undefined;
  /** list of tables the store knows */
  tables(): string[];
  /** a write as `user`, stamped as the platform stamps it (control.insertAs / updateAs); may throw WriteRefused */
  insert(table: string, values: Record<string, unknown>, user: SnUser): SnRow;
  /** undefined when the record does not exist in `table` */
  update(table: string, sys_id: string, values: Record<string, unknown>, user: SnUser): SnRow | undefined;
}

export interface SnFaults {
  /** added to every response, ms */
  latencyMs: number;
  /** share of API requests answered 429 (0..1) */
  rate429: number;
  /** share of API requests answered 5xx (0..1) */
  rate5xx: number;
  /** access token lifetime, s (expires_in is one less, as on real instances) */
  tokenLifetimeSec: number;
  /** refresh grant returns a new refresh token and invalidates the old one */
  rotateRefreshTokens: boolean;
  /** ms: API responses slower than a client timeout (0 = off) */
  stallMs: number;
}

/** Handles /api/now/... for an authenticated user. Writes the whole response. */
export type TableApiHandler = (r: SimRequest, user: SnUser) => void | Promise<void>;
