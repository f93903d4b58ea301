/**
 * Writing ServiceNow REST responses: JSON as `application/json;charset=UTF-8`, and every error in the
 * platform's envelope `{"error":{"message","detail"},"status":"failure"}` (ServiceNow docs, "REST API HTTP response codes"). The front side uses
 * sendSnError for its 401 / 429 / 5xx answers so every error the client sees has the same shape.
 */
import type { ServerResponse } from 'node:http';

export const SN_JSON = 'application/json;charset=UTF-8';

export type Headers = Record<string, string | number>;

export function sendSnJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': SN_JSON, 'Content-Length': Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

export function snErrorBody(message: string, detail: string | null = null) {
  return { error: { message, detail }, status: 'failure' as const };
}

export function sendSnError(res: ServerResponse, status: number, message: string, detail: string | null = null, extraHeaders: Headers = {}): void {
  sendSnJson(res, status, snErrorBody(message, detail), extraHeaders);
}

/** The messages the Table API uses, in one place so tests and the front side can name them. */
export const SN_ERRORS = {
  notFound: ['No Record found', "Record doesn't exist or ACL restricts the record retrieval"],
  emptyListV1: ['No Record found', 'Records matching query not found. Check query parameter or offset parameter'],
  badPath: ['Requested URI does not represent any resource', null],
  badAccept: ['Requested response content type is not supported', 'The Accept header must allow application/json'],
  badContentType: ['Request content type is not supported', 'The Content-Type header must be application/json'],
  badBody: ['Exception while reading request', 'The payload is not valid JSON.'],
  badMethod: ['Method not Supported', 'The requested HTTP method is not supported by this resource'],
  insertDenied: ['Operation Failed', 'ACL Exception Insert Failed due to security constraints'],
  updateDenied: ['Operation Failed', 'ACL Exception Update Failed due to security constraints'],
  deleteDenied: ['Operation Failed', 'ACL Exception Delete Failed due to security constraints'],
  unauthenticated: ['User Not Authenticated', 'Required to provide Auth information'],
  rateLimited: ['Rate limit exceeded', 'Rate limit of 100 requests per hour for Table API exceeded'],
} as const satisfies Record<string, readonly [string, string | null]>;
