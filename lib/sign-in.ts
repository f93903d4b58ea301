import type { Product } from './origins';

/** How the user signs in to a site. Client ids are not secret; secrets and tokens live in the vault. */
export const SIGN_IN_METHODS = {
  servicenow: ['session', 'oauth'],
  mattermost: ['session', 'pat', 'oauth'],
} as const;
export type SignInMethod<P extends Product = Product> = (typeof SIGN_IN_METHODS)[P][number];

export interface SignIn {
  method: SignInMethod;
  clientId?: string;
}

/** A stored or preset sign-in, validated: unknown methods are dropped, client ids trimmed and bounded. */
export function parseSignIn(method: unknown, clientId: unknown, product: Product): SignIn | undefined {
  if (!(SIGN_IN_METHODS[product] as readonly unknown[]).includes(method)) return undefined;
  const id = typeof clientId === 'string' && clientId.trim() && clientId.length <= 256 ? clientId.trim() : undefined;
  return { method: method as SignInMethod, ...(id ? { clientId: id } : {}) };
}
