/**
 * One shape for every error a client can cause: `{ statusCode, error, message, messageVi, field }`,
 * with the field named where there is one. Server faults are logged and never leak internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../ingest/ingest-error';
import { schemaInputError } from '../ingest/schema-error';
import { isStorageFailure, storageFailureReason, StoreUnavailableError } from '../store/storage-failure';

import type { ErrorBody } from '../protocol/rest';

export type { ErrorBody };

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Seconds a client is told to wait after a 503 that did not say so itself. */
export const RETRY_AFTER_SECONDS = 5;

export const OVERLOADED = {
  en: 'the server is overloaded, please retry later',
  vi: 'máy chủ đang quá tải, vui lòng thử lại sau',
} as const;

const TOO_MANY_REQUESTS = {
  en: 'too many requests from this address, please retry later',
  vi: 'địa chỉ này gửi quá nhiều yêu cầu, vui lòng thử lại sau',
} as const;

export function errorBody(statusCode: number, en: string, vi: string, field: string | null = null): ErrorBody {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message: en, messageVi: vi, field };
}

/** Maps Fastify's own client errors (bad JSON, too large…) to messages a feed author can act on. */
function describeFastifyError(error: FastifyError): ErrorBody | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorBody(
        413,
        'body: request body is larger than the limit',
        'body: nội dung yêu cầu vượt quá giới hạn cho phép',
        'body',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorBody(
        415,
        'content-type: must be application/json',
        'content-type: phải là application/json',
        'content-type',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errorBody(400, 'body: is empty', 'body: nội dung rỗng', 'body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errorBody(400, `body: ${error.message}`, 'body: JSON không hợp lệ', 'body');
    default:
      break;
  }
  if (error instanceof SyntaxError || error.name === 'SyntaxError') {
    return errorBody(400, `body: malformed JSON (${error.message})`, 'body: JSON không hợp lệ', 'body');
  }
  if (error.validation) {
    const refusal = schemaInputError(error.validationContext ?? 'body', error.validation);
    return errorBody(400, refusal.message, refusal.messageVi, refusal.field);
  }
  // @fastify/rate-limit's refusal (it has already set Retry-After).
  if (error.statusCode === 429) return errorBody(429, TOO_MANY_REQUESTS.en, TOO_MANY_REQUESTS.vi);
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return errorBody(error.statusCode, error.message, error.message);
  }
  return null;
}

/**
 * A 5xx that carries its status code (under-pressure's 503, a full disk's 503, a gateway's 504)
 * keeps it: a client told 503 retries, a client told 500 gives up or reports a bug.
 */
function describeServerRefusal(error: FastifyError): ErrorBody | null {
  if (error instanceof StoreUnavailableError) {
    return errorBody(
      503,
      `store: ${error.reason}; retry later`,
      `lưu trữ: không ghi được dữ liệu (${error.reason}); vui lòng thử lại sau`,
      'store',
    );
  }
  if (isStorageFailure(error)) {
    const reason = storageFailureReason(error);
    return errorBody(
      503,
      `store: ${reason}; retry later`,
      `lưu trữ: không ghi được dữ liệu (${reason}); vui lòng thử lại sau`,
      'store',
    );
  }
  const status = error.statusCode;
  if (typeof status !== 'number' || status <= 500 || status > 599) return null;
  if (status === 503) return errorBody(503, OVERLOADED.en, OVERLOADED.vi);
  return errorBody(status, error.message, error.message);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof InputError) {
      return reply
        .code(error.statusCode)
        .send(errorBody(error.statusCode, error.message, error.messageVi, error.field));
    }
    const client = describeFastifyError(error);
    if (client) return reply.code(client.statusCode).send(client);
    const refusal = describeServerRefusal(error);
    if (refusal) {
      // Expected under load or with a full disk: one line, no stack trace; shedding itself is
      // not news per request (a flood would fill the log).
      const shedding = error.code === 'FST_UNDER_PRESSURE' || error.code === 'IOC_OVERLOADED';
      request.log[shedding ? 'debug' : 'warn']({ statusCode: refusal.statusCode, code: error.code }, refusal.message);
      if (refusal.statusCode === 503 && !reply.hasHeader('retry-after'))
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.code(refusal.statusCode).send(refusal);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(500, 'internal error', 'lỗi hệ thống'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(
        errorBody(
          404,
          `no route ${request.method} ${request.url.split('?')[0]}`,
          `không có đường dẫn ${request.method} ${request.url.split('?')[0]}`,
        ),
      );
  });
}
