import { GuidePanel } from './GuidePanel';
import { Player } from './Player';
import { RecordingList } from './RecordingList';
import { ScheduleForm } from './ScheduleForm';
import { SourcesPanel } from './SourcesPanel';
import { useStore } from './store';

export function App() {
  const error = useStore((s) => s.error);
  const setError = useStore((s) => s.setError);
  return (
    <div className="app">
      <header>
        <h1>Tapedeck</h1>
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
          <button type="button" onClick={() => setError(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <main>
        <section className="schedule">
          <h2>Schedule a recording</h2>
          <ScheduleForm />
        </section>
        <section className="recordings">
          <h2>Recordings</h2>
          <RecordingList />
        </section>
        <GuidePanel />
        <SourcesPanel />
      </main>
      <Player />
    </div>
  );
}
