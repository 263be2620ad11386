// (Being rebuilt: the channel x time grid.) Until then, the first guide list.
import { GuidePanel } from '../../GuidePanel';

export function GuidePage() {
  return (
    <>
      <div className="page-head">
        <h1>Guide</h1>
      </div>
      <GuidePanel />
    </>
  );
}
