import * as System from '../../wailsjs/go/app/SystemService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type SystemInfo = app.SystemInfo;

export const info = () => call(() => System.Info());
/** Tells the backend the interface language: what it renders follows it. */
export const setLocale = (locale: string) => call(() => System.SetLocale(locale));
/** The office's date (YYYY-MM-DD) by the office's clock, never this computer's. */
export const officeDay = () => call(() => System.OfficeDay());
