/** Storage of on-call rotas, escalation policies and each incident's escalation (docs/semantics.md §7). */
import type { Actor, Priority } from '../domain/incident.ts';
import type { EscalationPolicy, Person, Rota, RotaOverride } from '../domain/oncall.ts';

export type StoredRota = Rota & { createdBy: Actor; createdAt: Date };

export interface RotaRepository {
  /** The rota with its overrides that have not ended by `overridesFrom` (all of them without it). */
  get(name: string, overridesFrom?: Date): Promise<StoredRota | null>;
  /** Several rotas by name (for an escalation naming several), overrides as in `get`. */
  getMany(names: readonly string[], overridesFrom?: Date): Promise<Map<string, StoredRota>>;
  list(): Promise<StoredRota[]>;
  /** False when a rota of that name exists. */
  add(rota: Omit<StoredRota, 'overrides'>): Promise<boolean>;
  /** Replaces members, hand-off, zone and anchor; overrides stay. */
  update(rota: Omit<StoredRota, 'overrides' | 'createdBy' | 'createdAt'>): Promise<void>;
  remove(name: string): Promise<boolean>;
  addOverride(rota: string, o: Omit<RotaOverride, 'id'>, by: Actor): Promise<RotaOverride>;
  removeOverride(rota: string, id: number): Promise<boolean>;
}

/** A stored escalation step: a level fired in a round, and whom it paged. */
export type FiredEscalation = { level: number; round: number; at: Date; tauMs: number; paged: Person[]; emptyRotas: string[] };

export type IncidentEscalation = { incidentNumber: number; fired: FiredEscalation[]; dueAt: Date | null };

export interface EscalationRepository {
  /** The policy for the service at this priority: its own, else the service's policy for all priorities. */
  policyFor(serviceKey: string, priority: Priority): Promise<EscalationPolicy | null>;
  /** Every policy of every service. */
  all(): Promise<EscalationPolicy[]>;
  /** Every policy of a service, the all-priorities one first. */
  policies(serviceKey: string): Promise<EscalationPolicy[]>;
  setPolicy(policy: EscalationPolicy, by: Actor, at: Date): Promise<void>;
  removePolicy(serviceKey: string, priority: Priority | null): Promise<boolean>;
  /** The incident's escalation row, locked for this transaction; null if it has none. */
  lock(incidentNumber: number): Promise<IncidentEscalation | null>;
  get(incidentNumber: number): Promise<IncidentEscalation | null>;
  save(e: IncidentEscalation): Promise<void>;
  /** Several at once, in one statement. */
  saveMany(rows: readonly IncidentEscalation[]): Promise<void>;
  /** Rows due by `now`, locked and skipped by other replicas, earliest first. */
  claimDue(now: Date, limit: number): Promise<IncidentEscalation[]>;
}
