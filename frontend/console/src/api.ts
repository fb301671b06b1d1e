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
/** A unit; retiredAt (RFC 3339) when the registry retired it, "" in use. */
export interface Unit { id: string; symbol: string; name: string; room?: string; phone?: string; email?: string; retiredAt?: string }
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
  position: string; room: string; phoneExt: string; email: string; active: boolean; substitute: string; substituteId: string; devices: DeviceRef[];
}
export interface PersonInput {
  login: string; firstName: string; lastName: string; role: Role; unitId: string; position: string; room: string; phoneExt: string; email: string; active: boolean;
  /** The standing substitute (stały zastępca), "" for none. */
  substituteId: string;
}
export interface People { office: OfficeData; units: Unit[]; people: Person[]; devices: DeviceRef[] }
export type Reason = 'leave' | 'sick_leave' | 'business_trip' | 'other';
/** A period of absence (zastępstwo): from–to inclusive (YYYY-MM-DD), the stand-in, optionally one unit's matters. */
export interface SubstitutionItem {
  id: string; absentId: string; standInId: string; from: string; to: string; unitId: string; reason: Reason; cancelledAt: string;
  absent: string; absentUnit: string; standIn: string; unit: string; mine: boolean;
}
export interface StaffChoice { id: string; name: string; login: string; unitId: string; substituteId: string; mine: boolean }
export interface Substitutions { periods: SubstitutionItem[]; staff: StaffChoice[]; reasons: Reason[]; units: Unit[]; today: string }
export interface SubstitutionInput { absentId: string; standInId: string; from: string; to: string; unitId: string; reason: Reason | '' }
export interface SubstitutionProblem { field: string; key: string; args?: Record<string, string> }
export interface CardItem { code: string; version: number; title: string; unit: string; category: string; fees: number }
export interface Problem { card: string; path: string; context?: string; key: string; args?: Record<string, string> }
export interface CardCheck { problems: Problem[]; published?: number }
export interface Condition { field: string; equals?: unknown; in?: unknown[]; filled?: boolean }
export interface CardDocument {
  id: string; name: string; presentation: string; required: boolean; when?: Condition; note?: string; check?: string; mustBeValid?: boolean; [k: string]: unknown;
}
export interface CardFee {
  id: string; name: string; amountGrosze: number; legalBasis: string; account?: string; cashier?: string; exemptions?: string; when?: Condition;
  due?: string; proof?: string; proportional?: boolean; [k: string]: unknown;
}
export interface CardStep { text: string; when?: Condition; [k: string]: unknown }
/** A form field's JSON Schema: the parts the editor shows; the rest kept. */
export interface FieldSchema { type?: string; format?: string; enum?: unknown[]; maxLength?: number; [k: string]: unknown }
/** A form field removed in the editor, kept until the card is published so it can be restored. */
export interface RemovedField {
  name: string; index: number; ui: FieldUI; schema: FieldSchema; label: string;
  /** Its place in the schema's required list, -1 not required. */
  required: number;
  tr: Record<string, { fields?: string; fieldHelp?: string; fieldExamples?: string }>;
}
export interface FormSchema { properties: Record<string, FieldSchema>; required?: string[]; [k: string]: unknown }
export interface FieldUI { label: string; help?: string; example: unknown; widget?: string; section?: string; when?: Condition }
export interface CardForm { schema: FormSchema; ui: { order: string[]; fields: Record<string, FieldUI>; [k: string]: unknown } }
export interface Card {
  code: string; version: number; title: string; summary: string; unit: string;
  documents: CardDocument[]; fees: CardFee[]; deadline: { kind: string; n?: number; basis: string; note?: string; [k: string]: unknown };
  steps: CardStep[]; form: CardForm; translations?: Record<string, Translation>; [k: string]: unknown;
}
/** A card's texts in en or uk (app/catalog.Translation): what is left out prints in Polish. */
export interface Translation {
  title?: string; summary?: string; steps?: string[]; values?: Record<string, string>;
  documents?: Record<string, string>; fees?: Record<string, string>; fields?: Record<string, string>;
  documentNotes?: Record<string, string>; feeExemptions?: Record<string, string>; cashiers?: Record<string, string>;
  fieldHelp?: Record<string, string>; fieldExamples?: Record<string, string>;
  [k: string]: unknown;
}
export type PreviewKind = 'card' | 'receipt';
export interface RegisterRef { unit: string; jrwa: string; year: number }
export interface RegisterRow { no: number; sign: string; state: string; subject: string; from: string; started: string; settled: string; awaiting: boolean }
export type YearKind = 'visits' | 'complaints' | 'letters';
/** One entry of a year's register; state and kind are locale keys. */
export interface YearRow { no: number; number: string; date: string; kind: string; who: string; subject: string; unit: string; state: string; due: string }
export interface YearRegister { kind: YearKind; year: number; years: number[]; rows: YearRow[] }
/** A figure of the monitoring report (app/report): its key, value and unit (count, minutes, percent). */
export interface ReportFigure { key: string; value: number; unit: string }
export interface ReportBreakdown { key: string; chart: string; columns: string[]; rows: { label?: string; labelKey?: string; values: number[] }[] }
export interface ReportSection { key: string; state: 'data' | 'empty' | 'notRecorded' | 'failed'; figures: ReportFigure[] | null; breakdowns: ReportBreakdown[] | null; noteKey?: string }
/** The monitoring report of Rejestry i raporty; unit "" is the whole office. */
export interface MonitoringReport {
  report: { period: { from: string; to: string }; sections: ReportSection[]; empty: boolean; partial: boolean };
  unit: string; units: { symbol: string; name: string }[]; officeWide: boolean; today: string;
}
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

/**
 * A preview PDF of a card as edited: the edit goes in the POST body, only
 * the kind and language in the address. A refusal is an ApiError, with the
 * card's problems when it has any.
 */
async function preview(code: string, base: number, card: Card, kind: PreviewKind, lang: string): Promise<Blob> {
  let r: Response;
  try {
    r = await fetch(`/console/api/catalogue/${encodeURIComponent(code)}/preview?${new URLSearchParams({ kind, lang })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Okienko-CSRF': csrf() },
      body: JSON.stringify({ base, card }),
    });
  } catch {
    throw new ApiError('offline', 0);
  }
  if (!r.ok) {
    const data = await r.json().catch(() => ({}));
    if (r.status === 401) onSignedOut();
    throw new ApiError(data.error ?? 'internal', r.status, data.wait ?? '', data);
  }
  return r.blob();
}

export const api = {
  preview,
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
  audit: (before = 0) => call<AuditItem[]>('GET', before > 0 ? `audit?before=${before}` : 'audit'),
  people: () => call<People>('GET', 'people'),
  addPerson: (p: PersonInput) => call<{ person: Person; password: string }>('POST', 'people', p),
  changePerson: (id: string, p: PersonInput) => call<People>('POST', `people/${encodeURIComponent(id)}`, p),
  resetPassword: (id: string) => call<{ password: string }>('POST', `people/${encodeURIComponent(id)}/password`, {}),
  addUnit: (u: UnitInput) => call<People>('POST', 'units', u),
  changeUnit: (id: string, u: UnitInput) => call<People>('POST', `units/${encodeURIComponent(id)}`, u),
  retireUnit: (id: string) => call<People>('POST', `units/${encodeURIComponent(id)}/retire`, {}),
  restoreUnit: (id: string) => call<People>('POST', `units/${encodeURIComponent(id)}/restore`, {}),
  personDevices: (id: string, devices: string[]) => call<People>('POST', `people/${encodeURIComponent(id)}/devices`, { devices }),
  substitutions: () => call<Substitutions>('GET', 'substitutions'),
  addSubstitution: (s: SubstitutionInput) => call<Substitutions>('POST', 'substitutions', s),
  changeSubstitution: (id: string, s: SubstitutionInput) => call<Substitutions>('POST', `substitutions/${encodeURIComponent(id)}`, s),
  cancelSubstitution: (id: string) => call<Substitutions>('POST', `substitutions/${encodeURIComponent(id)}/cancel`, {}),
  catalogue: () => call<CardItem[]>('GET', 'catalogue'),
  card: (code: string) => call<Card>('GET', `catalogue/${encodeURIComponent(code)}`),
  checkCard: (code: string, base: number, card: Card) => call<CardCheck>('POST', `catalogue/${encodeURIComponent(code)}/check`, { base, card }),
  publishCard: (code: string, base: number, card: Card) => call<CardCheck>('POST', `catalogue/${encodeURIComponent(code)}`, { base, card }),
  yearRegister: (kind: YearKind, year?: number) => call<YearRegister>('GET', year ? `registers/${kind}?year=${year}` : `registers/${kind}`),
  report: (q?: { from: string; to: string; unit: string }) => call<MonitoringReport>('GET', q ? `report?${new URLSearchParams(q)}` : 'report'),
  registers: (r?: RegisterRef) => call<Registers>('GET', r ? `registers?${new URLSearchParams({ unit: r.unit, jrwa: r.jrwa, year: String(r.year) })}` : 'registers'),
};
