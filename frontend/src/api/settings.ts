import * as Settings from '../../wailsjs/go/app/SettingsService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type SettingsInfo = app.Settings;

export const get = () => call(() => Settings.Get());
export const setAutoLock = (minutes: number) => call(() => Settings.SetAutoLock(minutes));
