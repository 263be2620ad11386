// Sources (/sources): playlists, Xtream accounts and tuners, and XMLTV guides, each as a card with its
// live refresh state; add (also from Home's "Add a source": ?add=1), edit, refresh, remove.
import { CalendarRange, Plus } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { GuideInfo, SourceInfo } from '../../../src-shared/domain-sources';
import { EmptyState } from '../../ui/EmptyState';
import { useNow } from '../../ui/useNow';
import { AddSourceDialog } from './AddSourceDialog';
import { EditSourceDialog } from './EditSourceDialog';
import { AddGuideDialog, EditGuideDialog } from './GuideDialogs';
import { GuideCard } from './GuideCard';
import { SourceCard } from './SourceCard';
import { progressKey, useSources } from './sources-data';
import { SourcesTabs } from './SourcesTabs';
import './common/common.css';
import './sources.css';

export function SourcesPage() {
  const { sources, guides, loaded, error, progress } = useSources();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<SourceInfo | null>(null);
  const [editingGuide, setEditingGuide] = useState<GuideInfo | null>(null);
  const adding = params.get('add');
  // The dialogs are addresses too (?add=1, ?add=guide): Home links to the first, and a reload keeps it.
  const openAdd = (what: '1' | 'guide' | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (what) next.set('add', what);
        else next.delete('add');
        return next;
      },
      { replace: true },
    );
  const listed = sources.filter((s) => s.kind !== 'manual');
  const byId = new Map(sources.map((s) => [s.id, s]));

  return (
    <div className="sources-page">
      <div className="page-head">
        <h1>Sources</h1>
        <button type="button" className="btn" onClick={() => openAdd('guide')}>
          <CalendarRange size={16} aria-hidden="true" /> Add guide
        </button>
        <button type="button" className="btn primary" onClick={() => openAdd('1')}>
          <Plus size={16} aria-hidden="true" /> Add source
        </button>
      </div>
      <SourcesTabs />

      {error && (
        <p className="form-error" role="alert">
          Could not read the sources: {error}
        </p>
      )}

      <section aria-labelledby="sources-title" className="sources-section">
        <div className="section-head">
          <h2 id="sources-title">Sources</h2>
          <span className="muted small">Where channels come from</span>
        </div>
        {!loaded ? (
          <div className="card-grid" aria-busy="true">
            <div className="card skeleton" />
            <div className="card skeleton" />
          </div>
        ) : listed.length === 0 ? (
          <div className="card">
            <EmptyState
              title="No sources yet"
              action={
                <button type="button" className="btn primary" onClick={() => openAdd('1')}>
                  <Plus size={16} aria-hidden="true" /> Add a source
                </button>
              }
            >
              Add your TV service: an M3U playlist (a URL or a file), an Xtream Codes account or an HDHomeRun
              tuner. Its channels appear here and in the guide.
            </EmptyState>
          </div>
        ) : (
          <div className="card-grid">
            {listed.map((s) => (
              <SourceCard
                key={s.id}
                source={s}
                progress={progress[progressKey('source', s.id)]}
                guideNames={guides.filter((g) => g.sourceId === s.id).map((g) => g.name)}
                now={now}
                onEdit={setEditing}
              />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="guides-title" className="sources-section">
        <div className="section-head">
          <h2 id="guides-title">Guides</h2>
          <span className="muted small">What is on, from XMLTV</span>
        </div>
        {!loaded ? (
          <div className="card-grid" aria-busy="true">
            <div className="card skeleton" />
          </div>
        ) : guides.length === 0 ? (
          <div className="card">
            <EmptyState
              title="No guide yet"
              action={
                <button type="button" className="btn" onClick={() => openAdd('guide')}>
                  <CalendarRange size={16} aria-hidden="true" /> Add a guide
                </button>
              }
            >
              A guide (XMLTV) tells Tapedeck what is on each channel, so you can record programmes and series
              instead of times.
            </EmptyState>
          </div>
        ) : (
          <div className="card-grid">
            {guides.map((g) => (
              <GuideCard
                key={g.id}
                guide={g}
                progress={progress[progressKey('guide', g.id)]}
                sourceName={g.sourceId !== null ? (byId.get(g.sourceId)?.name ?? null) : null}
                now={now}
                onEdit={setEditingGuide}
              />
            ))}
          </div>
        )}
      </section>

      <AddSourceDialog open={adding === '1'} onClose={() => openAdd(null)} />
      <AddGuideDialog open={adding === 'guide'} onClose={() => openAdd(null)} />
      <EditSourceDialog source={editing} onClose={() => setEditing(null)} />
      <EditGuideDialog guide={editingGuide} onClose={() => setEditingGuide(null)} />
    </div>
  );
}
