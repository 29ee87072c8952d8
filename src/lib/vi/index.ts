export * from './normalize.ts';
export * from './collate.ts';
export * from './dates.ts';
export * from './calendar.ts';
export * from './numbers.ts';
export * from './words.ts';
