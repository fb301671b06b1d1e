import * as Keys from '../../wailsjs/go/app/KeysService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type KeyStatus = app.KeyStatus;
export type RecoveryView = app.RecoveryView;
export type Session = app.Session;

export const status = () => call(() => Keys.Status());
export const recovery = () => call(() => Keys.Recovery());
export const printRecovery = () => call(() => Keys.PrintRecovery());
export const dismissRecovery = () => call(() => Keys.DismissRecovery());
export const recover = (login: string, password: string, code: string) => call(() => Keys.Recover(login, password, code));
