// Links that leave the app open in the user's browser, and only these: https to a short list of hosts
// at once, any other https link after the user confirmed it, nothing else (file:, smb:, custom
// schemes and plain http can start programs or leak credentials; shell.openExternal hands them to the OS).
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'github.com',
  'ffmpeg.org',
  'www.ffmpeg.org',
  'www.electronjs.org',
];

export type ExternalDecision = 'open' | 'confirm' | 'refuse';

export function externalLinkDecision(
  url: string,
  allow: readonly string[] = EXTERNAL_ALLOW_LIST,
): ExternalDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'refuse';
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || !parsed.hostname) return 'refuse';
  return allow.includes(parsed.hostname.toLowerCase()) && parsed.port === '' ? 'open' : 'confirm';
}

export interface ExternalLinksOptions {
  openExternal: (url: string) => Promise<void>;
  /** Asks the user (a dialog showing the whole URL); resolves true to open. */
  confirm: (url: string) => Promise<boolean>;
  allow?: readonly string[];
}

export class ExternalLinks {
  constructor(private readonly options: ExternalLinksOptions) {}

  async open(url: string): Promise<'opened' | 'cancelled' | 'refused'> {
    const decision = externalLinkDecision(url, this.options.allow);
    if (decision === 'refuse') return 'refused';
    if (decision === 'confirm' && !(await this.options.confirm(url))) return 'cancelled';
    await this.options.openExternal(url);
    return 'opened';
  }
}
