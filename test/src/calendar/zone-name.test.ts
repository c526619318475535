import { describe, expect, it } from 'vitest';
import { isIanaZoneName } from '../../../src/calendar/zone-name.ts';
import { validateCalendar } from '../../../src/calendar/validate.ts';

describe('IANA zone names', () => {
  it('accepts IANA names, and refuses bare offsets that newer ICU builds (Node 24) take as zones', () => {
    for (const z of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+1', 'EST5EDT']) expect(isIanaZoneName(z)).toBe(true);
    for (const z of ['+01:00', '-05:00', 'Mars/Base', '', 'Europe/']) expect(isIanaZoneName(z)).toBe(false);
    expect(() => validateCalendar({ timezone: '+01:00', weekly: { mon: [['09:00', '17:00']] } })).toThrow(/Unknown time zone/);
  });
});
