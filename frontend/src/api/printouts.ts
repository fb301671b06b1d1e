import * as Printouts from '../../wailsjs/go/app/PrintoutService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type PrintoutView = app.PrintoutView;
export type SavedPrintout = app.SavedPrintout;

/** A sealed printout's PDF, decrypted in memory by the backend (base64). */
export const open = (path: string) => call(() => Printouts.Open(path));
/** Saves a plaintext copy where the clerk chooses (audited). */
export const saveAs = (path: string) => call(() => Printouts.SaveAs(path));
