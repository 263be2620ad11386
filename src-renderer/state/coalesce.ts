// Events come in bursts (an import announces sources, guides and channels at once; a re-plan changes
// rules and upcoming together): one reload for the burst, run `ms` after its first event.
export function coalesce(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    timer ??= setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
}
