// (Being rebuilt: sources and guides.) Until then, the first panel.
import { SourcesPanel } from '../../SourcesPanel';

export function SourcesPage() {
  return (
    <>
      <div className="page-head">
        <h1>Sources</h1>
      </div>
      <SourcesPanel />
    </>
  );
}
