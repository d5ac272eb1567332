/** A refused or failed API call, as the page explains it: the service's `code` and any `Retry-After`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code ?? ''}`.trim());
    this.name = 'ApiError';
  }

  static async from(response: Response): Promise<ApiError> {
    const body = (await response.json().catch(() => undefined)) as { code?: string } | undefined;
    return new ApiError(response.status, body?.code, retryAfter(response.headers.get('retry-after')));
  }
}

export function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
