import * as Letters from '../../wailsjs/go/app/LetterService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type LetterRow = app.LetterRow;
export type LetterCounts = app.LetterCountsDTO;

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
export const printRegister = (year: number) => call(() => Letters.PrintRegister(year));
export const counts = (from: string, to: string) => call(() => Letters.Counts(from, to));
