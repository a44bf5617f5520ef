import { AVATAR_FIELD, AVATAR_MAX_BYTES, AVATAR_TYPES, Me } from '@pixeli/contract';
import { api } from '../app/services';
import { endpoints } from '../lib/api/endpoints';
import { ApiError, toApiError } from '../lib/api/errors';

/**
 * The profile picture's upload: checked here first with the contract's own limits (so a wrong file
 * is named at once, without sending megabytes), then sent as the one multipart form the server takes.
 */

/** Why a chosen file cannot be a profile picture, or null when it can be sent. */
export function avatarFileProblem(file: Pick<File, 'type' | 'size'>): string | null {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type))
    return 'Choose a JPEG, PNG, WebP or AVIF image.';
  if (file.size > AVATAR_MAX_BYTES) return `Choose an image of at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`;
  return null;
}

export async function uploadAvatar(file: File, signal?: AbortSignal): Promise<Me> {
  const problem = avatarFileProblem(file);
  if (problem) throw new ApiError(400, problem, 'invalid_image');
  const form = new FormData();
  form.append(AVATAR_FIELD, file, file.name || 'avatar');
  const response = await api.authorizedFetch(endpoints.auth.uploadAvatar.path(), {
    method: 'POST',
    body: form,
    signal,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, body, response.headers.get('retry-after'));
  return Me.parse(body);
}
