// Masks credentials in URLs before they are shown, logged or sent to the renderer.
const SECRET_PARAMS = /^(password|pass|passwd|pwd|token|auth|key|apikey|api_key|secret|sig|signature)$/i;

/** user:password@ and secret-looking query values become ***; anything unparsable is returned as is. */
export function redactUrl(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || !URL.canParse(value)) return value;
  const url = new URL(value);
  let changed = false;
  if (url.password) {
    url.password = '***';
    changed = true;
  }
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(key)) {
      url.searchParams.set(key, '***');
      changed = true;
    }
  }
  return changed ? url.toString().replace(/%2A%2A%2A/g, '***') : value;
}
