import type { Actor } from '../../src/domain/incident.ts';
import type { StoredActor } from '../schema.ts';

export function toStoredActor(a: Actor): StoredActor {
  return a.name ? { platform: a.platform, id: a.id, name: a.name } : { platform: a.platform, id: a.id };
}

export function fromStoredActor(a: StoredActor): Actor;
export function fromStoredActor(a: StoredActor | null): Actor | null;
export function fromStoredActor(a: StoredActor | null): Actor | null {
  if (!a) return null;
  const platform = a.platform as Actor['platform'];
  return a.name ? { platform, id: a.id, name: a.name } : { platform, id: a.id };
}
