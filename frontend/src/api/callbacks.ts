import * as Callbacks from '../../wailsjs/go/app/CallbackService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type CallbackRow = app.CallbackRow;
export type CallbackDetail = app.CallbackDetail;

/** A new callback as the form gives it: the office's day and HH:MM. */
export interface CallbackInput {
  name: string;
  phone: string;
  topic: string;
  day: string;
  from: string;
  until: string;
  assigneeId: string;
  caseId: string;
  clientId: string;
}

export type Scope = 'mine' | 'all';
export type Show = 'open' | 'due' | 'overdue' | 'done';

export const list = (scope: Scope, show: Show) => call(() => Callbacks.List(app.CallbackFilter.createFrom({ scope, show })));
export const create = (input: CallbackInput) => call(() => Callbacks.Create(app.CallbackInput.createFrom(input)));
export const get = (id: string) => call(() => Callbacks.Get(id));
export const done = (id: string, outcome: string) => call(() => Callbacks.Done(id, outcome));
export const reagree = (id: string, day: string, from: string, until: string) =>
  call(() => Callbacks.Reagree(id, app.CallbackTime.createFrom({ day, from, until })));
export const reassign = (id: string, staffId: string) => call(() => Callbacks.Reassign(id, staffId));
export const forCase = (caseId: string) => call(() => Callbacks.ForCase(caseId));
