import type { ServerResponse } from 'node:http';
import { sendSnError, SN_ERRORS } from './table-api';

/**
 * 401 for missing, invalid, expired or revoked credentials (ServiceNow docs, "REST API HTTP response codes"), in the data side's envelope so
 * every error a client sees has one shape.
 */
export function sendNotAuthenticated(res: ServerResponse): void {
  const [message, detail] = SN_ERRORS.unauthenticated;
  sendSnError(res, 401, message, detail);
}
