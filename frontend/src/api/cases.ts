import * as Cases from '../../wailsjs/go/app/CaseService';
import { app, cases } from '../../wailsjs/go/models';
import { call } from './call';

export type CaseRow = app.CaseRow;
export type CaseDetail = app.CaseDetail;
export type CaseQuery = app.CaseQuery;

export const search = (q: { text: string; status: string; due: string; mine?: boolean; limit?: number }) =>
  call(() => Cases.Search(app.CaseQuery.createFrom({ limit: 100, ...q })));
export const open = (id: string) => call(() => Cases.Case(id));
/** The open case read again after a sync changed it (no new view in the access log). */
export const refresh = (id: string) => call(() => Cases.Refresh(id));
export const changeStatus = (id: string, to: string) => call(() => Cases.ChangeStatus(id, to));
export const supplement = (id: string, items: unknown[]) =>
  call(() => Cases.Supplement(id, items.map((i) => cases.Item.createFrom(i))));
export const print = (id: string, kind: 'receipt' | 'supplement' | 'form' | 'notice_art36') => call(() => Cases.Print(id, kind));
export const updateContact = (id: string, phone: string, email: string) =>
  call(() => Cases.UpdateContact(id, app.ContactInput.createFrom({ phone, email })));
export const revealIdentifier = (id: string) => call(() => Cases.RevealIdentifier(id));
