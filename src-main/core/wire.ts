// Turns anything thrown by a command into the { code, message } every transport carries.
import { TapedeckError, type WireError } from '../../src-shared/contract';

export function toWireError(error: unknown): WireError {
  if (error instanceof TapedeckError) return error.toWire();
  console.error('internal error:', error);
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
