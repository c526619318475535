/** Who hears about what: one function, four purposes (docs/semantics.md §5). */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import type { Subscription } from '../../../src/ports/store.ts';
import { recipients } from '../../../src/usecases/audience.ts';

const ch = (id: string): ChannelRef => ({ platform: 'slack', id });
const sub = (id: number, channel: ChannelRef, services: string[], allServices = false): Subscription => ({
  id,
  channel,
  services,
  allServices,
  digestSpec: null,
  digestCron: null,
  timezone: 'UTC',
  createdBy: { platform: 'console', id: 'local' },
  createdAt: new Date('2026-11-01T00:00:00Z'),
});

const SUBS = [sub(1, ch('C1'), ['payments']), sub(2, ch('C2'), ['search']), sub(3, ch('C3'), [], true), sub(4, ch('C0'), ['payments'])];

describe('recipients', () => {
  const subject = { serviceKey: 'payments', origin: ch('C0') };

  it('the card goes to the channel the incident was opened from, and nowhere without one', () => {
    expect(recipients('card', subject, SUBS)).toEqual([ch('C0')]);
    expect(recipients('card', { serviceKey: 'payments', origin: null }, SUBS)).toEqual([]);
  });

  it('the new-incident notice goes to every subscriber of the service but the card’s channel', () => {
    expect(recipients('opened', subject, SUBS)).toEqual([ch('C1'), ch('C3')]);
  });

  it('alerts go to the card’s channel first, then every subscriber, each channel once', () => {
    expect(recipients('alert', subject, SUBS)).toEqual([ch('C0'), ch('C1'), ch('C3')]);
  });

  it('service news goes to subscribers only', () => {
    expect(recipients('service', { serviceKey: 'search' }, SUBS)).toEqual([ch('C2'), ch('C3')]);
  });
});
