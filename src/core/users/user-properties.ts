// Turning raw property values (from --set, flags, CSV cells, YAML) into typed user values, with
// one error per bad value that names the property and how to fix it.
import { ValidationError } from '../errors.js';
import { isCountryCode } from '../model/countries.js';
import { USER_PROPERTY_BY_LOWER_NAME, type PropertyDef } from '../model/user.js';
import { suggestName } from '../text/suggest-name.js';

export type RawValue = string | boolean | string[] | null;

const PASSWORD_POLICIES = new Set(['none', 'disablestrongpassword', 'disablepasswordexpiration', 'disablepasswordexpiration, disablestrongpassword']);

/** Resolves a property name case-insensitively; unknown names get a did-you-mean. */
export function userPropertyDef(name: string, opts: { forWrite: boolean }): PropertyDef {
  const def = USER_PROPERTY_BY_LOWER_NAME.get(name.toLowerCase());
  if (!def) {
    const guess = suggestName(name, [...USER_PROPERTY_BY_LOWER_NAME.values()].map((p) => p.name).concat('manager', 'password'));
    throw new ValidationError('UnknownProperty', `'${name}' is not a user property`, {
      target: name,
      hint: guess ? `did you mean '${guess}'?` : 'see `tenantctl user show <user> -o json` for the property names',
    });
  }
  if (opts.forWrite && !def.settable) {
    throw new ValidationError('ReadOnlyProperty', `'${def.name}' is read-only`, { target: def.name, hint: 'it is set by tenantctl' });
  }
  return def;
}

/** Coerces one raw value to the property's type. Empty strings clear the value (Graph stores null). */
export function coerceUserValue(def: PropertyDef, raw: RawValue): unknown {
  if (raw === null) return def.type === 'stringCollection' ? [] : null;
  switch (def.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const v = String(raw).trim().toLowerCase();
      if (v === 'true' || v === 'yes' || v === '1') return true;
      if (v === 'false' || v === 'no' || v === '0') return false;
      if (v === '') return null;
      throw new ValidationError('InvalidValue', `'${raw}' is not a boolean for ${def.name}`, { target: def.name, hint: 'use true or false' });
    }
    case 'stringCollection': {
      const list = Array.isArray(raw) ? raw : splitList(String(raw));
      return list.map((s) => s.trim()).filter((s) => s !== '');
    }
    case 'datetime':
    case 'date': {
      const v = String(raw).trim();
      if (v === '') return null;
      const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(v) ? v : `${v}Z`) : NaN;
      if (Number.isNaN(ms)) {
        throw new ValidationError('InvalidValue', `'${raw}' is not an ISO 8601 date for ${def.name}`, { target: def.name, hint: 'use e.g. 2026-03-01 or 2026-03-01T09:00:00Z' });
      }
      return new Date(ms).toISOString().replace('.000Z', 'Z');
    }
    case 'string': {
      const v = String(raw);
      if (v.trim() === '') return null;
      return checkString(def, v);
    }
  }
}

function checkString(def: PropertyDef, v: string): string {
  if (def.maxLength !== undefined && v.length > def.maxLength) {
    throw new ValidationError('InvalidValue', `${def.name} is ${v.length} characters; at most ${def.maxLength} are allowed`, { target: def.name });
  }
  switch (def.name) {
    case 'usageLocation': {
      const cc = v.trim().toUpperCase();
      if (!isCountryCode(cc)) {
        throw new ValidationError('InvalidUsageLocation', `'${v}' is not a valid usageLocation`, {
          target: 'usageLocation',
          hint: 'use a two-letter ISO 3166 country code such as US, GB or DE',
        });
      }
      return cc;
    }
    case 'userType': {
      const t = v.trim().toLowerCase();
      if (t === 'member') return 'Member';
      if (t === 'guest') return 'Guest';
      throw new ValidationError('InvalidValue', `'${v}' is not a valid userType`, { target: 'userType', hint: 'use Member or Guest' });
    }
    case 'passwordPolicies': {
      if (!PASSWORD_POLICIES.has(v.trim().toLowerCase())) {
        throw new ValidationError('InvalidValue', `'${v}' is not a valid passwordPolicies value`, {
          target: 'passwordPolicies',
          hint: 'use None, DisableStrongPassword, DisablePasswordExpiration or "DisablePasswordExpiration, DisableStrongPassword"',
        });
      }
      return v.trim();
    }
    case 'preferredLanguage': {
      if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(v.trim())) {
        throw new ValidationError('InvalidValue', `'${v}' is not a language tag`, { target: 'preferredLanguage', hint: 'use an ISO 639-1 tag such as en-US' });
      }
      return v.trim();
    }
    default:
      return v;
  }
}

/** "a,b" or a JSON array. */
function splitList(v: string): string[] {
  const t = v.trim();
  if (t.startsWith('[')) {
    try {
      const arr = JSON.parse(t);
      if (Array.isArray(arr)) return arr.map(String);
    } catch {
      /* fall through to comma splitting */
    }
  }
  return t === '' ? [] : t.split(',');
}
