import * as Visits from '../../wailsjs/go/app/VisitService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type VisitRow = app.VisitRow;
export type VisitDetail = app.VisitDetail;
export type VisitAuthRow = app.VisitAuthRow;
export type VisitChoices = app.VisitChoices;
export type Printout = app.Printout;

/** The annex 1 table as the form gives it. */
export interface VisitRequestInput {
  channel: string;
  requester: string;
  client: string;
  address: string;
  phone: string;
  unitId: string;
  cardId: string;
  matter: string;
  reason: string;
  preferred: string;
}

export type Show = 'open' | 'mine' | 'reported';

export const choices = () => call(() => Visits.Choices());
export const list = (show: Show) => call(() => Visits.List(app.VisitFilter.createFrom({ show })));
export const request = (input: VisitRequestInput) => call(() => Visits.Request(app.VisitRequestInput.createFrom(input)));
export const get = (id: string) => call(() => Visits.Get(id));
export const assign = (id: string, assigneeId: string, day: string, time: string) =>
  call(() => Visits.Assign(id, app.VisitAssignInput.createFrom({ assigneeId, day, time })));
export const issue = (id: string, validFrom: string, validUntil: string) =>
  call(() => Visits.IssueAuthorization(id, app.VisitAuthInput.createFrom({ validFrom, validUntil })));
export const printAuthorization = (authId: string) => call(() => Visits.PrintAuthorization(authId));
export const closeAuthorization = (authId: string, how: 'returned' | 'revoked') => call(() => Visits.CloseAuthorization(authId, how));
export const report = (id: string, outcome: string, note: string, receipt: string) =>
  call(() => Visits.Report(id, app.VisitReportInput.createFrom({ outcome, note, receipt })));
export const linkCase = (id: string, caseId: string) => call(() => Visits.LinkCase(id, caseId));
export const register = (year: number) => call(() => Visits.Register(year));
export const printRegister = (year: number) => call(() => Visits.PrintRegister(year));
