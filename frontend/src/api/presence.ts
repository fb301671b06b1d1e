import * as Presence from '../../wailsjs/go/app/PresenceService';
import { app } from '../../wailsjs/go/models';
import { call } from './call';

export type PresenceEntry = app.PresenceEntry;
export type PresenceSaved = app.PresenceSaved;

export const list = () => call(() => Presence.List());
export const leave = (until: string, standInId: string, note: string) =>
  call(() => Presence.Set(app.PresenceInput.createFrom({ until, standInId, note })));
export const back = () => call(() => Presence.Back());
