// An import failure a user can act on, with the contract's error code it maps to.
import type { ErrorCode } from '../../../src-shared/contract';

export class ImportError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** The message to store as a source's or guide's last error. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
