import * as Survey from '../../wailsjs/go/app/SurveyService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type SurveySummary = app.SurveySummaryDTO;

/** One client's answers: scores 1–5 by question, a remark, the language; a paper one's day. */
export interface SurveyInput {
  scores: Record<string, number>;
  remark: string;
  lang: string;
  day: string;
}

export const questions = ['waiting', 'courtesy', 'competence', 'clarity', 'overall'] as const;

export const submit = (input: SurveyInput) => call(() => Survey.Submit(app.SurveyInput.createFrom(input)));
export const enterPaper = (input: SurveyInput) => call(() => Survey.EnterPaper(app.SurveyInput.createFrom(input)));
export const summary = (from: string, to: string) => call(() => Survey.Summary(from, to));
