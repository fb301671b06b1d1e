import * as Auth from '../../wailsjs/go/app/AuthService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type Session = app.Session;
export type Account = app.Account;

export const accounts = () => call(() => Auth.Accounts());
export const current = () => call(() => Auth.Current());
export const signIn = (login: string, password: string) => call(() => Auth.SignIn(login, password));
export const lock = () => call(() => Auth.Lock());
export const unlock = (password: string) => call(() => Auth.Unlock(password));
export const signOut = () => call(() => Auth.SignOut());
export const touch = () => call(() => Auth.Touch());
export const changePassword = (current: string, next: string) => call(() => Auth.ChangePassword(current, next));
