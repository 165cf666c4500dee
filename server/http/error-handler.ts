/**
 * One shape for every error a client can cause: `{ statusCode, error, message, messageVi, field }`,
 * with the field named where there is one. Server faults are logged and never leak internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../ingest/ingest-error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  messageVi: string;
  field: string | null;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function errorBody(statusCode: number, en: string, vi: string, field: string | null = null): ErrorBody {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message: en, messageVi: vi, field };
}

/** Maps Fastify's own client errors (bad JSON, too large…) to messages a feed author can act on. */
function describeFastifyError(error: FastifyError): ErrorBody | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorBody(413, 'body: request body is larger than the limit', 'body: nội dung yêu cầu vượt quá giới hạn cho phép', 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorBody(415, 'content-type: must be application/json', 'content-type: phải là application/json', 'content-type');
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
    const first = error.validation[0];
    const field = `${error.validationContext ?? 'body'}${first?.instancePath?.replace(/\//g, '.') ?? ''}`;
    return errorBody(400, `${field}: ${first?.message ?? 'is invalid'}`, `${field}: không hợp lệ`, field);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return errorBody(error.statusCode, error.message, error.message);
  }
  return null;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof InputError) {
      return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.messageVi, error.field));
    }
    const client = describeFastifyError(error);
    if (client) return reply.code(client.statusCode).send(client);
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(500, 'internal error', 'lỗi hệ thống'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`, `không có đường dẫn ${request.method} ${request.url.split('?')[0]}`));
  });
}
