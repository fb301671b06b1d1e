import * as Duties from '../../wailsjs/go/app/CaseDutiesService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type Colleague = app.Colleague;
export type NoticeResult = app.NoticeResult;
export type InterpreterResult = app.InterpreterResult;
/** How a call to supplement reached the client (deadline.DeliveryMode). */
export type DeliveryMode = 'counter' | 'post' | 'electronic' | 'electronic_unread';

export const colleagues = () => call(() => Duties.Colleagues());
export const handOver = (caseId: string, to: string, note: string) => call(() => Duties.HandOver(caseId, to, note));
export const recordNotice = (caseId: string, reason: string, newDue: string) => call(() => Duties.RecordNotice(caseId, reason, newDue));
export const recordDelivery = (caseId: string, mode: DeliveryMode, on: string) => call(() => Duties.RecordDelivery(caseId, mode, on));
export const requestInterpreter = (caseId: string, visitOn: string, visitAt: string) =>
  call(() => Duties.RequestInterpreter(caseId, visitOn, visitAt));
