import * as Today from '../../wailsjs/go/app/TodayService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type TodayDTO = app.TodayDTO;
export type TodayLine = app.TodayLine;

export const list = () => call(() => Today.List());
export const print = () => call(() => Today.Print());
