// The console's typed JSON API (/console/api/, sync/registry/console):
// the session cookie goes by itself; every change carries the CSRF
// token read from its cookie.

export interface Who {
  staffId: string;
  login: string;
  name: string;
  role: 'admin' | 'head' | 'secretary';
  officeId: string;
  office: string;
  unit: string;
  canChange: boolean;
  canAdmin: boolean;
  /** Signed in with a one-time password: only setting their own is allowed. */
  mustChangePassword: boolean;
}
export interface Office { id: string; name: string }
export interface Count { key: string; label: string; n: number }
export interface QueueGroup { group: string; waiting: number; priority: number }
export interface DeviceSeen { id: string; name: string; lastSeen: string; hours: number; people: string[]; short: string }
export interface Dashboard {
  today: string;
  unit: string;
  open: number;
  byUnit: Count[];
  byCard: Count[];
  dueSoon: number;
  overdue: number;
  supplementWaiting: number;
  supplementPast: number;
  queue: QueueGroup[];
  queueLongestMin: number;
  queueWarn: boolean;
  devices: DeviceSeen[];
  conflicts: number;
}
export interface CaseItem { id: string; sign: string; unit: string; card: string; status: string; dueOn: string; supplementDue: string }
export interface DeviceItem {
  id: string; short: string; name: string; enrolledAt: string; lastSeen: string; revokedAt: string; people: string[]; units: string[];
  version: string; waiting: number; refused: number; reportedAt: string;
}
export interface StaffItem { login: string; name: string; role: string; unit: string }
export interface Unit { id: string; symbol: string; name: string; room?: string; phone?: string; email?: string }
export interface UnitInput { symbol: string; name: string; room: string; phone: string; email: string }
export interface Enrolment { code: string; registry: string; link: string; validUntil: string }
export interface ConflictRow { field: string; kept: unknown; keptBy: string; rejected: unknown; rejectedBy: string }
export interface ConflictItem { id: string; entity: string; entityId: string; sign: string; unit: string; device: string; at: string; fields: ConflictRow[] }
export interface AuditItem { id: number; at: string; who: string; action: string; target: string; outcome: string }

export interface DeviceRef { id: string; name: string }
export interface OfficeData { name: string; street: string; postalCode: string; city: string; teryt: string; phone: string; email: string; epuap: string; openingHours: string }
export type Role = 'clerk' | 'head' | 'admin' | 'secretary';
export interface Person {
  id: string; login: string; firstName: string; lastName: string; role: Role; unitId: string; unit: string;
  position: string; room: string; phoneExt: string; email: string; active: boolean; substitute: string; devices: DeviceRef[];
}
export interface PersonInput {
  login: string; firstName: string; lastName: string; role: Role; unitId: string; position: string; room: string; phoneExt: string; email: string; active: boolean;
}
export interface People { office: OfficeData; units: Unit[]; people: Person[]; devices: DeviceRef[] }
export interface CardItem { code: string; version: number; title: string; unit: string; category: string; fees: number }
export interface Problem { card: string; path: string; context?: string; key: string; args?: Record<string, string> }
export interface CardCheck { problems: Problem[]; published?: number }
export interface Condition { field: string; equals?: unknown; in?: unknown[]; filled?: boolean }
export interface CardDocument { id: string; name: string; presentation: string; required: boolean; when?: Condition; note?: string; [k: string]: unknown }
export interface CardFee { id: string; name: string; amountGrosze: number; legalBasis: string; account?: string; [k: string]: unknown }
export interface CardStep { text: string; when?: Condition }
export interface Card {
  code: string; version: number; title: string; summary: string; unit: string;
  documents: CardDocument[]; fees: CardFee[]; deadline: { kind: string; n?: number; basis: string; note?: string; [k: string]: unknown };
  steps: CardStep[]; [k: string]: unknown;
}
export interface RegisterRef { unit: string; jrwa: string; year: number }
export interface RegisterRow { no: number; sign: string; state: string; subject: string; from: string; started: string; settled: string }
export type YearKind = 'visits' | 'complaints' | 'letters';
/** One entry of a year's register; state and kind are locale keys. */
export interface YearRow { no: number; number: string; date: string; kind: string; who: string; subject: string; unit: string; state: string; due: string }
export interface YearRegister { kind: YearKind; year: number; years: number[]; rows: YearRow[] }
export interface Registers { registers: RegisterRef[]; chosen: RegisterRef | null; lines: RegisterRow[]; counts: Record<string, number> }

/** An API refusal: its code (signed_out, role, csrf, wrong_password, …). */
export class ApiError extends Error {
  constructor(public code: string, public status: number, public wait = '', public data: Record<string, unknown> = {}) {
    super(code);
  }
}

function csrf(): string {
  const m = /(?:^|;\s*)__Host-okienko-csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : '';
}

/** Called when the registry says the session is over. */
export let onSignedOut: () => void = () => {};
export function whenSignedOut(fn: () => void) {
  onSignedOut = fn;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let r: Response;
  try {
    r = await fetch(`/console/api/${path}`, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...(method === 'GET' ? {} : { 'X-Okienko-CSRF': csrf() }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('offline', 0);
  }
  if (r.status === 204) return undefined as T;
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    if (r.status === 401 && path !== 'session') onSignedOut();
    throw new ApiError(data.error ?? 'internal', r.status, data.wait ?? '', data);
  }
  return data as T;
}

export const api = {
  offices: () => call<Office[]>('GET', 'offices'),
  signIn: (office: string, login: string, password: string) => call<Who>('POST', 'session', { office, login, password }),
  session: () => call<Who>('GET', 'session'),
  signOut: () => call<void>('DELETE', 'session'),
  ownPassword: (current: string, password: string) => call<Who>('POST', 'session/password', { current, password }),
  dashboard: () => call<Dashboard>('GET', 'dashboard'),
  cases: (q: URLSearchParams) => call<{ total: number; cases: CaseItem[] }>('GET', `cases?${q}`),
  devices: () => call<DeviceItem[]>('GET', 'devices'),
  staff: () => call<{ staff: StaffItem[]; units: Unit[] }>('GET', 'staff'),
  enrol: (name: string, people: string[], units: string[]) => call<Enrolment>('POST', 'devices', { name, people, units }),
  revoke: (id: string) => call<{ cancelled: number }>('POST', `devices/${encodeURIComponent(id)}/revoke`, {}),
  conflicts: () => call<ConflictItem[]>('GET', 'conflicts'),
  resolve: (id: string, choice: 'kept' | 'rejected') => call<ConflictItem[]>('POST', `conflicts/${encodeURIComponent(id)}/resolve`, { choice }),
  audit: () => call<AuditItem[]>('GET', 'audit'),
  people: () => call<People>('GET', 'people'),
  addPerson: (p: PersonInput) => call<{ person: Person; password: string }>('POST', 'people', p),
  changePerson: (id: string, p: PersonInput) => call<People>('POST', `people/${encodeURIComponent(id)}`, p),
  resetPassword: (id: string) => call<{ password: string }>('POST', `people/${encodeURIComponent(id)}/password`, {}),
  addUnit: (u: UnitInput) => call<People>('POST', 'units', u),
  changeUnit: (id: string, u: UnitInput) => call<People>('POST', `units/${encodeURIComponent(id)}`, u),
  personDevices: (id: string, devices: string[]) => call<People>('POST', `people/${encodeURIComponent(id)}/devices`, { devices }),
  catalogue: () => call<CardItem[]>('GET', 'catalogue'),
  card: (code: string) => call<Card>('GET', `catalogue/${encodeURIComponent(code)}`),
  checkCard: (code: string, base: number, card: Card) => call<CardCheck>('POST', `catalogue/${encodeURIComponent(code)}/check`, { base, card }),
  publishCard: (code: string, base: number, card: Card) => call<CardCheck>('POST', `catalogue/${encodeURIComponent(code)}`, { base, card }),
  yearRegister: (kind: YearKind, year?: number) => call<YearRegister>('GET', year ? `registers/${kind}?year=${year}` : `registers/${kind}`),
  registers: (r?: RegisterRef) => call<Registers>('GET', r ? `registers?${new URLSearchParams({ unit: r.unit, jrwa: r.jrwa, year: String(r.year) })}` : 'registers'),
};
