import { writable } from 'svelte/store';
import * as api from '../api/survey';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

export const summary = writable<api.SurveySummary | null>(null);
export const error = writable<AppError | null>(null);
export const notice = writable<string | null>(null);
/** The full-screen client mode: the screen is turned to the client. */
export const clientMode = writable(false);

export async function loadSummary(from: string, to: string): Promise<void> {
  try {
    summary.set(await api.summary(from, to));
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Saves a paper survey; on a refusal the form keeps what was typed. */
export async function enterPaper(input: api.SurveyInput): Promise<boolean> {
  try {
    await api.enterPaper(input);
    error.set(null);
    notice.set('survey.paperSaved');
    return true;
  } catch (e) {
    error.set(toAppError(e));
    notice.set(null);
    return false;
  }
}

/** Sends the client's answers; the error, if any, is the caller's to show (the answers stay). */
export async function submit(input: api.SurveyInput): Promise<AppError | null> {
  try {
    await api.submit(input);
    return null;
  } catch (e) {
    return toAppError(e);
  }
}

registerReset(() => {
  summary.set(null);
  error.set(null);
  notice.set(null);
});
