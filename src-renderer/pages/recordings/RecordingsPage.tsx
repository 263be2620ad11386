// (Being rebuilt: upcoming, recording now, library, problems.) Until then, the first list and form.
import { Player } from '../../Player';
import { RecordingList } from '../../RecordingList';
import { ScheduleForm } from '../../ScheduleForm';

export function RecordingsPage() {
  return (
    <>
      <div className="page-head">
        <h1>Recordings</h1>
      </div>
      <ScheduleForm />
      <Player />
      <RecordingList />
    </>
  );
}
