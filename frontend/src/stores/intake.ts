// The counter intake: the draft being filled in with the client. Every
// change is checked by the backend (debounced) and saved on blur and at
// most every 2 s while typing, so a crash or a closed window loses nothing.
import { get, writable } from 'svelte/store';
import * as api from '../api/intake';
import { AppError, toAppError } from '../api/call';
import * as catalogApi from '../api/catalog';
import type { CardDetail, CardSummary } from '../api/catalog';
import type { Printout } from '../api/catalog';
import { registerReset } from './privacy';
import { whenLocaleChanges } from './language';

export interface Draft {
  id: string;
  cardId: string;
  step: string;
  clientId: string;
  client: api.Client;
  answers: Record<string, unknown>;
  checklist: api.Item[];
}

export const draft = writable<Draft | null>(null);
export const card = writable<CardDetail | null>(null);
export const fields = writable<api.FormField[]>([]);
/** The most characters each of the client's typed fields takes. */
export const clientLimits = writable<Record<string, number>>({});
export const verdict = writable<api.IntakeCheck | null>(null);
export const savedAt = writable('');
export const saving = writable(false);
export const drafts = writable<api.DraftSummary[]>([]);
export const hits = writable<api.ClientHit[]>([]);
export const result = writable<api.RegisterResult | null>(null);
export const formPrint = writable<Printout | null>(null);
export const error = writable<AppError | null>(null);
export const busy = writable(false);
/** The services to pick from when a new case starts. */
export const services = writable<CardSummary[]>([]);

export const SAVE_EVERY_MS = 2000;
const CHECK_AFTER_MS = 200;

let lastSave = 0;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
let checkTimer: ReturnType<typeof setTimeout> | null = null;
let dirty = false;
let checkSeq = 0;

function fail(e: unknown) {
  error.set(toAppError(e));
}

function opened(o: api.DraftOpen) {
  const d = o.draft as unknown as Draft;
  d.answers = d.answers ?? {};
  d.checklist = d.checklist ?? [];
  draft.set(d);
  card.set(o.card);
  fields.set(o.form.fields ?? []);
  clientLimits.set(o.clientLimits ?? {});
  result.set(null);
  formPrint.set(null);
  savedAt.set('');
  error.set(null);
  dirty = false;
  void runCheck();
}

export async function loadDrafts(): Promise<void> {
  try {
    drafts.set(await api.drafts());
  } catch (e) {
    fail(e);
  }
}

export async function start(cardId: string): Promise<void> {
  try {
    opened(await api.startDraft(cardId));
  } catch (e) {
    fail(e);
  }
}

export async function resume(id: string): Promise<void> {
  try {
    opened(await api.openDraft(id));
  } catch (e) {
    fail(e);
  }
}

export async function discard(id: string): Promise<void> {
  try {
    drafts.set(await api.discardDraft(id));
    if (get(draft)?.id === id) clear();
  } catch (e) {
    fail(e);
  }
}

/** Applies a change to the draft, then checks it and schedules a save. */
export function update(fn: (d: Draft) => void): void {
  const d = get(draft);
  if (!d) return;
  fn(d);
  draft.set(d);
  dirty = true;
  // A check already on its way was made of the draft before this change:
  // its answer must not bring back what the clerk just changed.
  checkSeq++;
  scheduleCheck();
  scheduleSave();
}

function scheduleCheck() {
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = setTimeout(() => void runCheck(), CHECK_AFTER_MS);
}

function scheduleSave() {
  if (saveTimer) return;
  const wait = Math.max(0, lastSave + SAVE_EVERY_MS - Date.now());
  saveTimer = setTimeout(() => {
    saveTimer = null;
    void save();
  }, wait);
}

/** Saves now if anything changed (on blur, before leaving, before printing). */
// Saves run one after another: two in flight could reach the backend out
// of order and leave the older text in the draft (a name corrected just
// before "Odłóż" came back as it was).
let saveChain: Promise<void> = Promise.resolve();

export function save(): Promise<void> {
  saveChain = saveChain.then(saveNow, saveNow);
  return saveChain;
}

async function saveNow(): Promise<void> {
  const d = get(draft);
  if (!d || !dirty) return;
  dirty = false;
  lastSave = Date.now();
  saving.set(true);
  try {
    const r = await api.saveDraft(api.toInput(d));
    savedAt.set(r.savedAt);
  } catch (e) {
    dirty = true;
    fail(e);
  } finally {
    saving.set(false);
  }
}

async function runCheck(): Promise<void> {
  const d = get(draft);
  if (!d) return;
  const my = ++checkSeq;
  try {
    const v = await api.check(api.toInput(d));
    if (my !== checkSeq || get(draft)?.id !== d.id) return;
    verdict.set(v);
    // The backend rebuilt the checklist from the answers (conditional
    // documents); keep the clerk's marks as they are now, take the
    // applicability. The answer carries the marks as they were when the
    // check was sent: a mark clicked meanwhile (a slow answer) would
    // otherwise be undone under the clerk's hand.
    const cur = get(draft);
    if (cur) {
      const mine = new Map(cur.checklist.map((it) => [it.docId, it]));
      cur.checklist = v.checklist.map((l) => {
        const m = mine.get(l.docId);
        return {
          docId: l.docId, name: l.name, presentation: l.presentation, required: l.required, applies: l.applies,
          check: l.check, mustBeValid: l.mustBeValid, mark: m?.mark ?? l.mark, number: m?.number ?? l.number,
          validUntil: m?.validUntil ?? l.validUntil,
        };
      });
      draft.set(cur);
    }
  } catch (e) {
    if (my === checkSeq) fail(e);
  }
}

let serviceSeq = 0;
/** Lists the services matching q; answers may come back out of order
 * (the list asked for on opening the view can arrive after the first
 * keystroke's), so only the latest counts. */
export async function searchServices(q: string): Promise<void> {
  const my = ++serviceSeq;
  try {
    const r = await catalogApi.search(q);
    if (my === serviceSeq) {
      services.set(r);
      servicesQuery = q;
    }
  } catch {
    if (my === serviceSeq) {
      services.set([]);
      servicesQuery = q;
    }
  }
}

// The query the list in `services` answers: Enter pressed before the
// typed query's answer came back must not start the previous list's first
// card (a clerk typing fast would open another matter).
let servicesQuery: string | null = null;

/** The services matching q: the list shown when it answers q, else q's
 * own answer, waited for. */
export async function servicesFor(q: string): Promise<CardSummary[]> {
  if (servicesQuery !== q) await searchServices(q);
  return servicesQuery === q ? get(services) : [];
}

let findSeq = 0;
export async function findClients(q: string): Promise<void> {
  const my = ++findSeq;
  if (q.trim().length < 2) {
    hits.set([]);
    return;
  }
  try {
    const r = await api.findClients(q);
    if (my === findSeq) hits.set(r);
  } catch (e) {
    fail(e);
  }
}

export async function pickClient(id: string): Promise<void> {
  try {
    const c = await api.pickClient(id);
    hits.set([]);
    update((d) => {
      d.clientId = id;
      d.client = c;
    });
  } catch (e) {
    fail(e);
  }
}

/** Copies the client's data into form fields that ask for it again. */
export async function prefill(): Promise<void> {
  const d = get(draft);
  if (!d) return;
  try {
    const r = await api.prefill(api.toInput(d));
    // The fields that repeat the client's data take it (one value, the
    // client's); others are filled only where nothing was typed meanwhile.
    const linked = new Set(get(fields).filter((f) => f.fromClient).map((f) => f.name));
    update((cur) => {
      for (const [k, v] of Object.entries(r.answers ?? {})) if (linked.has(k) || !(k in cur.answers)) cur.answers[k] = v;
    });
  } catch (e) {
    fail(e);
  }
}

/** Forgets the chosen existing client and starts a new one. */
export function newClient(kind: string): void {
  update((d) => {
    d.clientId = '';
    d.client = { ...emptyClient(), kind } as api.Client;
  });
}

/** The client's name as the intake shows it (a business's name, or first and last names); '' while none is given. */
export function clientName(c: Partial<Record<'kind' | 'firstName' | 'lastName' | 'businessName', string>>): string {
  return (c.kind === 'business' ? (c.businessName ?? '') : `${c.firstName ?? ''} ${c.lastName ?? ''}`).trim();
}

export function emptyClient(): Record<string, string> {
  return {
    id: '', kind: 'person', firstName: '', lastName: '', businessName: '', pesel: '', nip: '', regon: '', birthDate: '',
    sex: '', citizenship: '', docType: '', docNumber: '', docCountry: '', street: '', houseNo: '', flatNo: '',
    postalCode: '', city: '', phone: '', email: '', lang: 'pl',
  };
}

/** Registers the draft; confirmedDate is the office date the clerk confirmed when the check asked for it. */
export async function register(confirmedDate = ''): Promise<void> {
  const d = get(draft);
  if (!d) return;
  busy.set(true);
  error.set(null);
  try {
    const r = await api.register(api.toInput({ ...d, confirmedDate }));
    result.set(r);
    if (r.ok) {
      dirty = false;
      void loadDrafts();
    }
  } catch (e) {
    fail(e);
  } finally {
    busy.set(false);
  }
}

/** Prints again what the registration failed to print (the done screen's retry). */
export async function retryPrint(): Promise<void> {
  const r = get(result);
  if (!r?.ok) return;
  busy.set(true);
  try {
    result.set(await api.retryPrint(r));
    error.set(null);
  } catch (e) {
    fail(e);
  } finally {
    busy.set(false);
  }
}

export async function printForm(): Promise<void> {
  const d = get(draft);
  if (!d) return;
  try {
    await save();
    formPrint.set(await api.printForm(api.toInput(d)));
  } catch (e) {
    fail(e);
  }
}

/** Puts the client's intake away (it stays as a draft) and clears the screen. */
export async function putAway(): Promise<void> {
  await save();
  clear();
  void loadDrafts();
}

export function clear(): void {
  checkSeq++;
  if (checkTimer) clearTimeout(checkTimer);
  if (saveTimer) clearTimeout(saveTimer);
  checkTimer = saveTimer = null;
  draft.set(null);
  card.set(null);
  fields.set([]);
  verdict.set(null);
  result.set(null);
  formPrint.set(null);
  hits.set([]);
  savedAt.set('');
  error.set(null);
}

// The problems, dates and deadlines of the check are the backend's words.
/**
 * Asks again for the chosen service's card in the interface language the
 * backend now renders in, as the catalogue's open card is; the form to be
 * signed stays as it is.
 */
async function reloadCard(): Promise<void> {
  const c = get(card);
  if (!c) return;
  try {
    const fresh = await catalogApi.card(c.id);
    if (get(card)?.id === c.id) card.set(fresh);
  } catch (e) {
    fail(e);
  }
}

whenLocaleChanges(() => {
  void reloadCard();
  void runCheck();
});

registerReset(() => {
  // Locking must not lose typing: save what is pending, then clear.
  const pending = get(draft);
  if (pending && dirty) void api.saveDraft(api.toInput(pending)).catch(() => {});
  dirty = false;
  clear();
  drafts.set([]);
  services.set([]);
});
