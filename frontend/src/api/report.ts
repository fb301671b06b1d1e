import * as Report from '../../wailsjs/go/app/ReportService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type ReportDTO = app.ReportDTO;
export type ReportSection = app.ReportSection;
export type ReportBreakdown = app.ReportBreakdown;

export const report = (from: string, to: string) => call(() => Report.Report(from, to));
export const print = (from: string, to: string) => call(() => Report.Print(from, to));
