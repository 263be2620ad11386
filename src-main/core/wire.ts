// Turns anything thrown by a command into the { code, message } every transport carries.
import { TapedeckError, type WireError } from '../../src-shared/contract';
import { redactError, redactText } from './redact';

/**
 * Messages are redacted: an error can quote a stream or playlist URL with its credentials, and what a
 * transport carries ends up in a browser, a terminal or a script's log.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof TapedeckError) return { code: error.code, message: redactText(error.message) };
  console.error('internal error:', redactError(error));
  return { code: 'internal', message: redactText(error instanceof Error ? error.message : String(error)) };
}
