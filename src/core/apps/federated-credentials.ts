// Federated identity credentials (apps.md §5.3; Graph federatedIdentityCredential): the app trusts
// tokens an external OIDC issuer (GitHub Actions, Kubernetes, another cloud) gives one workload
// (`subject`), exchanged for Entra tokens without any secret. Rules from Graph's resource and
// create pages and Entra's "considerations and restrictions" page:
//   - at most 20 per application;
//   - name: required, at most 120 characters, URL friendly, unique on the app, immutable;
//   - issuer, subject: required, at most 600 characters; the pair is unique on the app;
//   - audiences: exactly one value (at most 600 characters), api://AzureADTokenExchange by default;
//   - description: optional, at most 600 characters;
//   - wildcards are not supported in any value (matching is exact).

import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { ENTRA_TOKEN_EXCHANGE_AUDIENCE, type FederatedIdentityCredential } from '../model/app.js';

export const MAX_FEDERATED_IDENTITY_CREDENTIALS = 20;
export const FIC_VALUE_MAX = 600;
/**
 * "URL friendly", 3–120 characters: letters, digits, '-' and '_', starting with a letter or digit —
 * the pattern the portal and Azure's managed-identity API enforce [INFERRED for Graph, whose page
 * says only "URL friendly, at most 120 characters"].
 */
export const FIC_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

export interface NewFederatedCredentialInput {
  name: string;
  issuer: string;
  subject: string;
  /** Default [api://AzureADTokenExchange]. */
  audiences?: readonly string[];
  description?: string | null;
}

function requireValue(value: string | undefined, what: string, flag: string): string {
  if (value === undefined || value.length === 0) throw new ValidationError('MissingProperty', `${what} is required`, { target: flag });
  // Entra blocks the exchange when the issuer claim has leading or trailing whitespace; a value
  // with it could never match, so it is refused here.
  if (value.trim() !== value) throw new ValidationError('InvalidValue', `${what} has leading or trailing whitespace`, { target: flag, hint: 'remove the spaces' });
  if (value.length > FIC_VALUE_MAX) throw new ValidationError('InvalidValue', `${what} is ${value.length} characters; at most ${FIC_VALUE_MAX} are allowed`, { target: flag });
  if (value.includes('*')) {
    throw new ValidationError('InvalidValue', `${what} '${value}' contains '*': federated identity credentials match exactly, wildcards are not supported`, {
      target: flag,
      hint: 'add one credential per exact subject (e.g. one per branch or environment)',
    });
  }
  return value;
}

/**
 * The new credential, checked against the app's existing ones. `id` comes from the IdGenerator.
 */
export function planFederatedIdentityCredential(
  app: { displayName: string },
  existing: readonly FederatedIdentityCredential[],
  input: NewFederatedCredentialInput,
  id: string,
): FederatedIdentityCredential {
  const name = input.name.trim();
  if (!FIC_NAME.test(name)) {
    throw new ValidationError('InvalidFederatedCredentialName', `'${input.name}' is not a valid federated credential name`, {
      target: '--name',
      hint: '3 to 120 characters: letters, digits, - and _, starting with a letter or digit',
    });
  }
  const issuer = requireValue(input.issuer, 'issuer', '--issuer');
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    throw new ValidationError('InvalidIssuer', `issuer '${issuer}' is not an https URL`, {
      target: '--issuer',
      hint: "use the external identity provider's issuer URL, e.g. https://token.actions.githubusercontent.com",
    });
  }
  const subject = requireValue(input.subject, 'subject', '--subject');
  const audiences = input.audiences && input.audiences.length ? [...input.audiences] : [ENTRA_TOKEN_EXCHANGE_AUDIENCE];
  if (audiences.length !== 1) {
    throw new ValidationError('InvalidValue', `a federated identity credential takes exactly one audience (got ${audiences.length})`, { target: '--audience' });
  }
  requireValue(audiences[0], 'audience', '--audience');
  const description = input.description?.trim() ? input.description.trim() : null;
  if (description !== null && description.length > FIC_VALUE_MAX) {
    throw new ValidationError('InvalidValue', `description is ${description.length} characters; at most ${FIC_VALUE_MAX} are allowed`, { target: '--description' });
  }

  const sameName = existing.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (sameName) {
    throw new ConflictError('DuplicateFederatedCredentialName', `'${app.displayName}' already has a federated credential named '${sameName.name}' (${sameName.id})`, {
      target: '--name',
      hint: 'names are unique on an app and cannot be changed; choose another --name',
    });
  }
  const samePair = existing.find((f) => f.issuer === issuer && f.subject === subject);
  if (samePair) {
    throw new ConflictError('DuplicateFederatedCredential', `'${app.displayName}' already trusts issuer ${issuer} for subject '${subject}' (federated credential '${samePair.name}')`, {
      target: '--subject',
      hint: 'the combination of issuer and subject must be unique on the app',
    });
  }
  if (existing.length >= MAX_FEDERATED_IDENTITY_CREDENTIALS) {
    throw new ValidationError('TooManyFederatedCredentials', `'${app.displayName}' already has ${existing.length} federated credentials; at most ${MAX_FEDERATED_IDENTITY_CREDENTIALS} are allowed`, {
      target: app.displayName,
      hint: 'delete one first (app fic delete)',
    });
  }
  return { id, name, issuer, subject, audiences, description };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A credential by id or name (its alternate key). */
export function findFederatedIdentityCredential(list: readonly FederatedIdentityCredential[], ref: string, appName: string): FederatedIdentityCredential {
  const key = ref.trim().toLowerCase();
  const found = GUID.test(key) ? list.find((f) => f.id.toLowerCase() === key) : list.find((f) => f.name.toLowerCase() === key);
  if (found) return found;
  throw new NotFoundError(`'${appName}' has no federated credential with ${GUID.test(key) ? 'id' : 'name'} '${ref}'`, {
    target: ref,
    hint: `list them with: app fic list "${appName}"`,
  });
}
