import * as Office from '../../wailsjs/go/app/OfficeService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type OfficeInfo = app.OfficeInfo;
export type StaffEntry = app.StaffEntry;

export const office = () => call(() => Office.Office());
export const directory = (q: string) => call(() => Office.Directory(q));
