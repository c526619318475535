/** Text formatting of figures shown in chat. */
export * from './duration.ts';
export * from './percent.ts';
