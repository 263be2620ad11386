// Actions made of more than one command.
import type { Recording } from '../../../../src-shared/domain';
import { api } from '../../../state/connection';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Cancel, then delete with the files: the core's cancel keeps what was captured (its finalizing may
 * still be under way when cancel answers), so the delete waits until the recording has left
 * "recording".
 */
export async function cancelAndDiscard(id: number): Promise<void> {
  let r: Recording = await api().call('recordings.cancel', { id });
  for (let i = 0; r.status === 'recording' && i < 60; i++) {
    await sleep(250);
    r = await api().call('recordings.get', { id });
  }
  await api().call('recordings.delete', { id, keepFile: false });
}

export interface BulkOutcome {
  done: number;
  failed: Array<{ id: number; error: string }>;
}

/** Runs one command per id, a few at a time, and tells what worked and what did not. */
export async function forEachId(
  ids: readonly number[],
  run: (id: number) => Promise<unknown>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: 0, failed: [] };
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await run(id);
        outcome.done++;
      } catch (error) {
        outcome.failed.push({ id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return outcome;
}
