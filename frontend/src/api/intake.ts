import * as Intake from '../../wailsjs/go/app/IntakeService';
import { app, type cases } from '../../wailsjs/go/models';
import { call } from './call';

export type DraftInput = app.DraftInput;
export type DraftOpen = app.DraftOpen;
export type DraftSummary = app.DraftSummary;
export type IntakeCheck = app.IntakeCheck;
export type ClientHit = app.ClientHit;
export type RegisterResult = app.RegisterResult;
export type FormField = app.FormField;
export type Client = cases.Client;
export type Item = cases.Item;

/** Builds the wire object from a plain draft held by the store. */
export const toInput = (d: unknown): DraftInput => app.DraftInput.createFrom(JSON.parse(JSON.stringify(d)));

export const startDraft = (cardId: string) => call(() => Intake.StartDraft(cardId));
export const drafts = () => call(() => Intake.Drafts());
export const openDraft = (id: string) => call(() => Intake.OpenDraft(id));
export const saveDraft = (d: DraftInput) => call(() => Intake.SaveDraft(d));
export const discardDraft = (id: string) => call(() => Intake.DiscardDraft(id));
export const check = (d: DraftInput) => call(() => Intake.Check(d));
export const findClients = (q: string) => call(() => Intake.FindClients(q));
export const pickClient = (id: string) => call(() => Intake.PickClient(id));
export const register = (d: DraftInput) => call(() => Intake.Register(d));
export const printForm = (d: DraftInput) => call(() => Intake.PrintForm(d));
export const retryPrint = (r: RegisterResult) => call(() => Intake.RetryPrint(app.RegisterResult.createFrom(r)));
export const prefill = (d: DraftInput) => call(() => Intake.Prefill(d));
