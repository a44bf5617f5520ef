import type { FastifyRequest } from 'fastify';

/** The address abuse limits are keyed on (Fastify honours X-Forwarded-For only when TRUST_PROXY is on). */
export const clientIp = (request: FastifyRequest): string => request.ip || 'unknown';
