import * as System from '../../wailsjs/go/app/SystemService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type SystemInfo = app.SystemInfo;

export const info = () => call(() => System.Info());
