import * as Audit from '../../wailsjs/go/app/AuditService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type ReasonOption = app.ReasonOption;
export type AuditLine = app.AuditLine;
export type AuditList = app.AuditList;
export type AuditPerson = app.AuditPerson;
export type Art15Result = app.Art15Result;
export interface AuditFilter {
  clientId: string;
  staffId: string;
  from: string;
  to: string;
  outside: boolean;
}

export const reasons = () => call(() => Audit.Reasons());
export const openOutside = (caseId: string, code: string, note: string) => call(() => Audit.OpenOutside(caseId, code, note));
export const people = () => call(() => Audit.People());
export const query = (f: AuditFilter) => call(() => Audit.Query(app.AuditQueryInput.createFrom(f)));
export const exportArt15 = (clientId: string) => call(() => Audit.ExportArt15(clientId));
