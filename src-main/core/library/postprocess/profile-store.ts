// Stream profiles: the profiles table, assigning one to a recording, rule or source, and the profile a
// recording gets (recording > rule > source > the defaultProfileId setting > copy).
import { eq } from 'drizzle-orm';
import { TapedeckError } from '../../../../src-shared/contract';
import type { Profile, ProfileInput, ProfileUpdate } from '../../../../src-shared/contract-library-process';
import type { Db } from '../../db/open';
import { channels, profiles, recordings, rules, sources } from '../../db/schema';
import type { z } from 'zod';

type ProfileRow = typeof profiles.$inferSelect;
export type ProfileOrigin = 'recording' | 'rule' | 'source' | 'setting' | 'default';
export type AssignTarget = 'recording' | 'rule' | 'source';

export class ProfileStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  list(): Profile[] {
    return this.db.select().from(profiles).orderBy(profiles.id).all().map(toProfile);
  }

  find(id: number): Profile | null {
    const row = this.db.select().from(profiles).where(eq(profiles.id, id)).get();
    return row ? toProfile(row) : null;
  }

  get(id: number): Profile {
    const found = this.find(id);
    if (!found) throw new TapedeckError('not_found', `profile ${id} does not exist`);
    return found;
  }

  add(input: z.output<typeof ProfileInput>): Profile {
    this.assertNameFree(input.name, null);
    const at = this.now();
    const row = this.db
      .insert(profiles)
      .values({ ...input, createdAt: at, updatedAt: at })
      .returning()
      .get();
    return toProfile(row);
  }

  update(input: z.output<typeof ProfileUpdate>): Profile {
    const { id, ...patch } = input;
    this.get(id);
    if (patch.name !== undefined) this.assertNameFree(patch.name, id);
    const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.db
      .update(profiles)
      .set({ ...values, updatedAt: this.now() })
      .where(eq(profiles.id, id))
      .run();
    return this.get(id);
  }

  /** Removes a profile; whatever used it inherits again (the foreign keys set null). */
  remove(id: number): void {
    this.get(id);
    this.db.transaction((tx) => {
      tx.update(recordings).set({ profileId: null }).where(eq(recordings.profileId, id)).run();
      tx.update(rules).set({ profileId: null }).where(eq(rules.profileId, id)).run();
      tx.update(sources).set({ profileId: null }).where(eq(sources.profileId, id)).run();
      tx.delete(profiles).where(eq(profiles.id, id)).run();
    });
  }

  /** Recordings that would lose their profile if `id` went, among those given. */
  usedBy(id: number, recordingIds: readonly number[]): number[] {
    return recordingIds.filter((rid) => this.effective(rid, null).profile?.id === id);
  }

  assign(target: AssignTarget, id: number, profileId: number | null): void {
    if (profileId !== null) this.get(profileId);
    const table = target === 'recording' ? recordings : target === 'rule' ? rules : sources;
    const changed = this.db.update(table).set({ profileId }).where(eq(table.id, id)).run();
    if (changed.changes === 0) throw new TapedeckError('not_found', `${target} ${id} does not exist`);
  }

  /** The profile a recording gets, and where it came from. */
  effective(
    recordingId: number,
    defaultProfileId: number | null,
  ): { profile: Profile | null; from: ProfileOrigin } {
    const row = this.db
      .select({
        own: recordings.profileId,
        rule: rules.profileId,
        source: sources.profileId,
      })
      .from(recordings)
      .leftJoin(rules, eq(rules.id, recordings.ruleId))
      .leftJoin(channels, eq(channels.id, recordings.channelId))
      .leftJoin(sources, eq(sources.id, channels.sourceId))
      .where(eq(recordings.id, recordingId))
      .get();
    if (!row) throw new TapedeckError('not_found', `recording ${recordingId} does not exist`);
    const chain: Array<[number | null, ProfileOrigin]> = [
      [row.own, 'recording'],
      [row.rule, 'rule'],
      [row.source, 'source'],
      [defaultProfileId, 'setting'],
    ];
    for (const [profileId, from] of chain) {
      if (profileId === null) continue;
      const profile = this.find(profileId);
      // A default pointing at a removed profile reads as none.
      if (profile) return { profile, from };
    }
    return { profile: null, from: 'default' };
  }

  private assertNameFree(name: string, except: number | null): void {
    const row = this.db.select({ id: profiles.id }).from(profiles).where(eq(profiles.name, name)).get();
    if (row && row.id !== except) throw new TapedeckError('conflict', `a profile named "${name}" exists`);
  }
}

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    when: row.when,
    crf: row.crf,
    preset: row.preset as Profile['preset'],
    deinterlace: row.deinterlace,
    encoder: row.encoder,
    maxHeight: row.maxHeight,
    audioBitrateKbps: row.audioBitrateKbps,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
