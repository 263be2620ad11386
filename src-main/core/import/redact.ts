// Moved to ../redact.ts (one redaction for URLs that are shown and for any text that is stored or
// logged). This re-export keeps the importers in import/ and guide/ building until they import it
// from there.
export { redactUrl } from '../redact';
