import * as Print from '../../wailsjs/go/app/PrintService';
import type { app, printer } from '../../wailsjs/go/models';
import { call } from './call';

export type PrinterSettings = app.PrinterSettings;
export type PrintResult = app.PrintResult;
export type Printer = printer.Printer;

/** The system's printers and the ones chosen for this computer. */
export const printers = () => call(() => Print.Printers());
/** Chooses this computer's A4 and receipt printers ("" for none). */
export const setPrinters = (a4: string, ticket: string) => call(() => Print.SetPrinters(a4, ticket));
/** Prints a sealed printout on the printer chosen for its kind. */
export const print = (path: string) => call(() => Print.Print(path));
