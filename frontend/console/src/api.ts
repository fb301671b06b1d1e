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
}
export interface Office { id: string; name: string }
export interface Count { key: string; label: string; n: number }
export interface QueueGroup { group: string; waiting: number; priority: number }
export interface DeviceSeen { id: string; name: string; lastSeen: string; hours: number }
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
export interface DeviceItem { id: string; name: string; enrolledAt: string; lastSeen: string; revokedAt: string; people: string[]; units: string[] }
export interface StaffItem { login: string; name: string; role: string; unit: string }
export interface Unit { id: string; symbol: string; name: string }
export interface Enrolment { code: string; registry: string; link: string; validUntil: string }
export interface ConflictRow { field: string; kept: unknown; keptBy: string; rejected: unknown; rejectedBy: string }
export interface ConflictItem { id: string; entity: string; entityId: string; sign: string; unit: string; device: string; at: string; fields: ConflictRow[] }
export interface AuditItem { id: number; at: string; who: string; action: string; target: string; outcome: string }

/** An API refusal: its code (signed_out, role, csrf, wrong_password, …). */
export class ApiError extends Error {
  constructor(public code: string, public status: number, public wait = '') {
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
    throw new ApiError(data.error ?? 'internal', r.status, data.wait ?? '');
  }
  return data as T;
}

export const api = {
  offices: () => call<Office[]>('GET', 'offices'),
  signIn: (office: string, login: string, password: string) => call<Who>('POST', 'session', { office, login, password }),
  session: () => call<Who>('GET', 'session'),
  signOut: () => call<void>('DELETE', 'session'),
  dashboard: () => call<Dashboard>('GET', 'dashboard'),
  cases: (q: URLSearchParams) => call<{ total: number; cases: CaseItem[] }>('GET', `cases?${q}`),
  devices: () => call<DeviceItem[]>('GET', 'devices'),
  staff: () => call<{ staff: StaffItem[]; units: Unit[] }>('GET', 'staff'),
  enrol: (name: string, people: string[], units: string[]) => call<Enrolment>('POST', 'devices', { name, people, units }),
  revoke: (id: string) => call<{ cancelled: number }>('POST', `devices/${encodeURIComponent(id)}/revoke`, {}),
  conflicts: () => call<ConflictItem[]>('GET', 'conflicts'),
  resolve: (id: string, choice: 'kept' | 'rejected') => call<ConflictItem[]>('POST', `conflicts/${encodeURIComponent(id)}/resolve`, { choice }),
  audit: () => call<AuditItem[]>('GET', 'audit'),
};
