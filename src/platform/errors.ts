import type { MessageKey, Params } from './i18n/index.ts';

/** Field name -> message (a MessageKey or already-translated text). */
export type FieldErrors = Record<string, string>;

/** An error a user can cause; its message is a MessageKey, shown in the request's locale. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly key: MessageKey,
    readonly params?: Params,
    readonly fields?: FieldErrors,
  ) {
    super(key);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldErrors, key: MessageKey = 'err.formInvalid') {
    super(400, key, undefined, fields);
    this.name = 'ValidationError';
  }
}

export const notFound = (): AppError => new AppError(404, 'err.404.title');
export const forbidden = (): AppError => new AppError(403, 'err.403.body');
export const conflict = (): AppError => new AppError(409, 'err.conflict');
export const invalidField = (field: string, key: MessageKey): ValidationError => new ValidationError({ [field]: key });
