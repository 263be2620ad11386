// Keeps the machine awake while anything records: a sleeping laptop records nothing.
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

export class RecordingPowerGuard {
  private blockerId: number | null = null;
  constructor(private readonly blocker: PowerSaveBlockerLike) {}

  update(recordingNow: number): void {
    if (recordingNow > 0 && this.blockerId === null)
      this.blockerId = this.blocker.start('prevent-app-suspension');
    if (recordingNow === 0 && this.blockerId !== null) {
      this.blocker.stop(this.blockerId);
      this.blockerId = null;
    }
  }
}
