/** OpenAI's error object: what every client library parses from a non-2xx response. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export type ApiErrorStatus = 400 | 401 | 404 | 413 | 429 | 500 | 502 | 503;

/** A request that fails with an HTTP status and an OpenAI-style error body. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: ApiErrorStatus,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(
  message: string,
  param: string | null = null,
  code: string | null = null,
): ApiError {
  return new ApiError(400, message, "invalid_request_error", code, param);
}
