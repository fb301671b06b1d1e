import * as Catalog from '../../wailsjs/go/app/CatalogService';
import type { app } from '../../wailsjs/go/models';
import { call } from './call';

export type CardSummary = app.CardSummary;
export type CardDetail = app.CardDetail;
export type ImportReport = app.ImportReport;
export type Printout = app.Printout;

export const search = (q: string) => call(() => Catalog.Search(q));
export const card = (id: string) => call(() => Catalog.Card(id));
export const printCard = (id: string) => call(() => Catalog.PrintCard(id));
/** Prints the card for a client who reads lang: 'pl' | 'en' | 'uk'. */
export const printCardIn = (id: string, lang: string) => call(() => Catalog.PrintCardIn(id, lang));
export const exportCatalogue = () => call(() => Catalog.ExportCatalogue());
export const importCatalogue = (content: string) => call(() => Catalog.ImportCatalogue(content));
export const catalogueSchema = () => call(() => Catalog.CatalogueSchema());
