// Files picked in a browser go to the core's import folder first (POST /api/upload): from a browser the
// core reads local playlists and guides only from there. The answer's path is then the location.
// The client does not offer uploads (yet), so the endpoint and token are read from its media origin,
// which is the same loopback server with the same token.
import { api } from '../../../state/connection';

export interface Uploaded {
  path: string;
  bytes: number;
}

/** Whether this window can upload: the desktop app's page is a file:// page the server would refuse. */
export function canUpload(): boolean {
  return typeof window !== 'undefined' && !window.tapedeck;
}

interface UploadAnswer {
  ok: boolean;
  result?: Uploaded;
  error?: { message: string };
}

function parseAnswer(text: string): UploadAnswer | null {
  try {
    return JSON.parse(text) as UploadAnswer;
  } catch {
    return null;
  }
}

/** Uploads `file`, reporting the share sent (0..1); resolves with where the core stored it. */
export async function uploadFile(file: File, onProgress: (share: number) => void): Promise<Uploaded> {
  const media = await api().media();
  const base = new URL(media.url('/api/upload'));
  const token = base.searchParams.get('token') ?? '';
  const target = `${base.origin}/api/upload?name=${encodeURIComponent(file.name)}`;
  // XMLHttpRequest, not fetch: only it reports upload progress (playlists can be hundreds of MB).
  return new Promise<Uploaded>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', target);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new Error('the upload failed: Tapedeck could not be reached'));
    xhr.onload = () => {
      const answer = parseAnswer(xhr.responseText);
      if (answer?.ok && answer.result) {
        onProgress(1);
        resolve(answer.result);
      } else {
        reject(
          new Error(`the upload failed: ${answer?.error?.message ?? `the server answered ${xhr.status}`}`),
        );
      }
    };
    xhr.send(file);
  });
}
