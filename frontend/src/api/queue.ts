import * as Queue from '../../wailsjs/go/app/QueueService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type QueueState = app.QueueStateView;
export type QueueTicket = app.QueueTicketView;
export type QueueIssued = app.QueueIssued;
export type Printout = app.Printout;
export type TicketStatus = 'served' | 'absent' | 'transferred';
export type Paper = '80mm' | 'a4';

export const state = () => call(() => Queue.State());
export const issue = (group: string, priority: boolean) => call(() => Queue.Issue(group, priority));
export const callNext = () => call(() => Queue.CallNext());
export const mark = (ticketId: string, status: TicketStatus, caseId = '', toCounter = '') =>
  call(() => Queue.Mark(ticketId, status, caseId, toCounter));
export const setCounter = (name: string, groups: string[]) => call(() => Queue.SetCounter(name, groups));
export const printTicket = (id: string, paper: Paper) => call(() => Queue.PrintTicket(id, paper));
