/**
 * How apply and reconcile print their progress: lines for people, or one JSON object per event.
 * Its own module so the option is declared without loading the progress printers.
 */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
