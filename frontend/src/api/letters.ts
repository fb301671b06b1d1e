import * as Letters from '../../wailsjs/go/app/LetterService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type LetterRow = app.LetterRow;
export type LetterCounts = app.LetterCountsDTO;
/** One entry with the sender in full (the list masks them). */
export type LetterDetail = app.LetterDetail;

/** A new entry as the form gives it: the day received and HH:MM. */
export interface LetterInput {
  day: string;
  time: string;
  channel: string;
  sender: string;
  senderAddress: string;
  subject: string;
  assigneeId: string;
  caseSign: string;
  rule: string;
}

export type Show = 'all' | 'open' | 'overdue' | 'mine';

export const list = (year: number, show: Show) => call(() => Letters.List(app.LetterFilter.createFrom({ year, show })));
export const create = (input: LetterInput) => call(() => Letters.Create(app.LetterInput.createFrom(input)));
export const answer = (id: string, day: string, time: string, channel: string, note: string) =>
  call(() => Letters.Answer(app.LetterAnswerInput.createFrom({ id, day, time, channel, note })));
/** Hands an open letter to another official (a unit's head or an admin; audited). */
export const reassign = (id: string, assigneeId: string) =>
  call(() => Letters.Reassign(app.LetterReassignInput.createFrom({ id, assigneeId })));
/** One entry with the sender's name and address in full (audited). */
export const get = (id: string) => call(() => Letters.Get(id));
export const printRegister = (year: number) => call(() => Letters.PrintRegister(year));
export const counts = (from: string, to: string) => call(() => Letters.Counts(from, to));
