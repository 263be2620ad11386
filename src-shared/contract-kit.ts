// Building blocks shared by the contract's parts: common schemas and the command() helper.
import { z } from 'zod';

/** Network protocols a stream URL may use. ffmpeg gets the matching -protocol_whitelist. */
export const STREAM_PROTOCOLS = ['http', 'https', 'udp', 'rtp', 'rtsp', 'rtmp'] as const;

export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;
export const MAX_PADDING_MS = 6 * 3600 * 1000;

export const id = z
  .number({ error: 'id must be a number' })
  .int('id must be a whole number')
  .positive('id must be positive');
export const instant = z.number().int().nonnegative();

export const streamUrl = z
  .string()
  .trim()
  .min(1, 'URL is empty')
  .max(4096, 'URL is longer than 4096 characters')
  .refine((value) => URL.canParse(value), { message: 'URL is malformed' })
  .refine(
    (value) => {
      const protocol = URL.canParse(value) ? new URL(value).protocol.replace(/:$/, '') : '';
      return (STREAM_PROTOCOLS as readonly string[]).includes(protocol);
    },
    { message: `URL must use one of: ${STREAM_PROTOCOLS.join(', ')}` },
  );

/** A command: its input schema and, as a phantom, its result type. */
export function command<I extends z.ZodType>(input: I) {
  return { returns: <R>() => ({ input, result: undefined as unknown as R }) };
}
