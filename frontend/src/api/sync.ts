import * as Sync from '../../wailsjs/go/app/SyncService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type SyncStatus = app.SyncStatus;
export type ConflictLine = app.ConflictLine;
export type QuarantinedOp = app.QuarantinedOp;
export type ReprintLine = app.ReprintLine;
export type DateFlagLine = app.DateFlagLine;
export type PersonStatus = app.PersonStatus;

export const status = () => call(() => Sync.Status());
export const enroll = (url: string, code: string) => call(() => Sync.Enroll(url, code));
export const syncNow = () => call(() => Sync.SyncNow());
export const quarantined = () => call(() => Sync.Quarantined());
export const reprintDue = () => call(() => Sync.ReprintDue());
export const conflicts = () => call(() => Sync.Conflicts());
export const resolve = (id: string, choice: 'kept' | 'rejected') => call(() => Sync.Resolve(id, choice));
export const person = () => call(() => Sync.Person());
export const confirmPerson = (password: string) => call(() => Sync.ConfirmPerson(password));
export const dateFlags = () => call(() => Sync.DateFlags());
export const checkDateFlag = (id: string) => call(() => Sync.CheckDateFlag(id));
