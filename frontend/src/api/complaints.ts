import * as Complaints from '../../wailsjs/go/app/ComplaintService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type ComplaintRow = app.ComplaintRow;
export type ComplaintDetail = app.ComplaintDetail;
export type ComplaintOptions = app.ComplaintOptions;
export type ComplaintResult = app.ComplaintResult;
export type Printout = app.Printout;

/** A new entry as the register's form gives it. */
export interface ComplaintInput {
  kind: string;
  channel: string;
  receivedOn: string;
  anonymous: boolean;
  name: string;
  address: string;
  contact: string;
  /** The complainant's language (pl, en, uk): every letter to them is in it. */
  lang: string;
  subject: string;
  summary: string;
  concernsStaffId: string;
  unitId: string;
  competent: boolean;
  forwardTo: string;
  assigneeId: string;
}

/** The answer's elements (art. 238 KPA) and how it was settled. */
export interface AnswerInput {
  outcome: string;
  answeredOn: string;
  channel: string;
  answer: { body: string; groundsFact: string; groundsLaw: string; signerName: string; signerPost: string; repeatNote: string; text: string };
}

export type Show = 'open' | 'year';

export const options = () => call(() => Complaints.Options());
export const list = (show: Show, year: number) => call(() => Complaints.List(app.ComplaintFilter.createFrom({ show, year })));
export const register = (input: ComplaintInput) => call(() => Complaints.Register(app.ComplaintInput.createFrom(input)));
export const get = (id: string) => call(() => Complaints.Get(id));
export const assign = (id: string, staffId: string) => call(() => Complaints.Assign(id, staffId));
export const forward = (id: string, forwardTo: string, forwardedOn: string, lateNote: string) =>
  call(() => Complaints.Forward(id, app.ComplaintForwardInput.createFrom({ forwardTo, forwardedOn, lateNote })));
export const extend = (id: string, newDue: string, reason: string) =>
  call(() => Complaints.Extend(id, app.ComplaintExtendInput.createFrom({ newDue, reason })));
export const answer = (id: string, input: AnswerInput) => call(() => Complaints.Answer(id, app.ComplaintAnswerInput.createFrom(input)));
export const reprint = (id: string, kind: 'notice' | 'answer' | 'extension') => call(() => Complaints.Reprint(id, kind));
export const printRegister = (year: number) => call(() => Complaints.PrintRegister(year));
