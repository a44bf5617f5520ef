import path from 'node:path';
import {
  DetailReply,
  EmailBody,
  LoginBody,
  Me,
  MiniUser,
  PasswordChangeBody,
  PasswordResetConfirmBody,
  ProfileUpdateBody,
  PublicProfile,
  RefreshBody,
  SignInHeaders,
  SignInReply,
  SignupBody,
  SignupReply,
  TokenPair,
  UserSearchQuery,
  VerifyEmailBody,
  VerifyEmailReply,
} from '@pixeli/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireViewer } from '../../http/auth.js';
import { clientIp } from '../../http/client-ip.js';
import { type MultipartOptions, withMultipart } from '../../http/multipart.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { deliverSignIn } from '../../http/session-cookie.js';
import { members } from '../events/service.js';
import { SNIFF_BYTES } from '../media/service.js';
import {
  AVATAR_FIELD,
  AVATAR_MAX_BYTES,
  changePassword,
  confirmPasswordReset,
  getMe,
  getPublicProfile,
  login,
  logout,
  logoutEverywhere,
  refresh,
  removeAvatar,
  requestPasswordReset,
  resendVerification,
  searchUsers,
  setAvatar,
  signup,
  updateMe,
  verifyEmail,
} from './service.js';

const tags = ['accounts'];
const userAgent = (headers: Record<string, unknown>) =>
  typeof headers['user-agent'] === 'string' ? headers['user-agent'] : null;

export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/auth/signup/', {
    schema: {
      tags,
      summary: 'Create an account; a 6-digit code is emailed',
      body: SignupBody,
      response: { 201: SignupReply, ...errorReplies(400, 403, 429, 503) },
    },
    handler: async (req, reply) => {
      const inviteIsUsable = (token: string) => members.inviteIsUsable(ctx, token);
      return reply.code(201).send(await signup(ctx, req.body, clientIp(req), inviteIsUsable));
    },
  });

  app.post('/api/auth/verify-email/', {
    schema: {
      tags,
      summary: 'Confirm the emailed code; activates the account and signs in',
      headers: SignInHeaders,
      body: VerifyEmailBody,
      response: { 200: VerifyEmailReply, ...errorReplies(400, 429) },
    },
    handler: async (req, reply) =>
      deliverSignIn(req, reply, await verifyEmail(ctx, req.body, clientIp(req), userAgent(req.headers))),
  });

  app.post('/api/auth/resend-email-otp/', {
    schema: {
      tags,
      summary: 'Email a new verification code (same answer for any address)',
      body: EmailBody,
      response: { 200: DetailReply, ...errorReplies(400, 429, 503) },
    },
    handler: async (req) => resendVerification(ctx, req.body.email, clientIp(req)),
  });

  app.post('/api/auth/login/', {
    schema: {
      tags,
      summary: 'Sign in with a username or email and a password',
      headers: SignInHeaders,
      body: LoginBody,
      response: { 200: SignInReply, ...errorReplies(400, 401, 429) },
    },
    handler: async (req, reply) =>
      deliverSignIn(req, reply, await login(ctx, req.body, clientIp(req), userAgent(req.headers))),
  });

  app.post('/api/auth/token/refresh/', {
    schema: {
      tags,
      summary: 'Trade a refresh token for a new pair (each refresh token works once)',
      body: RefreshBody,
      response: { 200: TokenPair, ...errorReplies(400, 401) },
    },
    handler: async (req) => refresh(ctx, req.body.refresh),
  });

  app.post('/api/auth/logout/', {
    schema: {
      tags,
      summary: 'End the sign-in this refresh token belongs to',
      body: RefreshBody,
      response: { 204: z.null(), ...errorReplies(400) },
    },
    handler: async (req, reply) => {
      await logout(ctx, req.body.refresh);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/logout-all/', {
    schema: {
      tags,
      summary: 'End every sign-in of this account, on every device',
      security: bearerAuth,
      response: { 204: z.null(), ...errorReplies(401) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      await logoutEverywhere(ctx, viewer.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/auth/me/', {
    schema: {
      tags,
      summary: 'My profile',
      security: bearerAuth,
      response: { 200: Me, ...errorReplies(401) },
    },
    handler: async (req) => getMe(ctx, await requireViewer(req)),
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/api/auth/me/',
      schema: {
        tags,
        summary: 'Update my profile (PUT and PATCH both change only the fields given)',
        security: bearerAuth,
        body: ProfileUpdateBody,
        response: { 200: Me, ...errorReplies(400, 401) },
      },
      handler: async (req) => updateMe(ctx, await requireViewer(req), req.body),
    });
  }

  // The picture arrives as a form file and is re-encoded before anything is stored.
  const avatarUploads: MultipartOptions = {
    tempDir: path.join(ctx.config.DATA_DIR, 'tmp', 'uploads'),
    maxFiles: 1,
    headBytes: SNIFF_BYTES,
  };
  app.post('/api/auth/me/avatar/', {
    schema: {
      tags,
      summary: 'Upload my profile picture',
      description: `multipart/form-data with one image (JPEG, PNG, WebP or AVIF, at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB) in the "${AVATAR_FIELD}" field. It is cropped to a 256 px square WebP without metadata and replaces any earlier picture; \`profile_pic\` then answers a signed URL that expires (after MEDIA_URL_TTL_S), as photo URLs do.`,
      security: bearerAuth,
      response: { 200: Me, ...errorReplies(400, 401, 413, 415, 429) },
    },
    handler: async (req) => {
      const viewer = await requireViewer(req);
      return withMultipart(req, avatarUploads, (upload) => setAvatar(ctx, viewer, upload));
    },
  });

  app.delete('/api/auth/me/avatar/', {
    schema: {
      tags,
      summary: 'Remove my profile picture',
      description: 'Deletes an uploaded picture (or forgets an outside URL); `profile_pic` becomes null.',
      security: bearerAuth,
      response: { 200: Me, ...errorReplies(401) },
    },
    handler: async (req) => removeAvatar(ctx, await requireViewer(req)),
  });

  app.get('/api/auth/search/', {
    schema: {
      tags,
      summary: 'People whose username or name starts with q (for tagging and invites)',
      security: bearerAuth,
      querystring: UserSearchQuery,
      response: { 200: z.array(MiniUser), ...errorReplies(400, 401) },
    },
    handler: async (req) => {
      await requireViewer(req);
      return searchUsers(ctx, req.query);
    },
  });

  app.get('/api/users/:username/', {
    schema: {
      tags,
      summary: "Someone's public profile",
      security: bearerAuth,
      params: z.object({ username: z.string().min(1).max(150) }),
      response: { 200: PublicProfile, ...errorReplies(401, 404) },
    },
    handler: async (req) => {
      await requireViewer(req);
      return getPublicProfile(ctx, req.params.username);
    },
  });

  app.post('/api/auth/password/change/', {
    schema: {
      tags,
      summary: 'Change my password; signs out my other devices',
      security: bearerAuth,
      body: PasswordChangeBody,
      response: { 200: DetailReply, ...errorReplies(400, 401, 429) },
    },
    handler: async (req) => changePassword(ctx, await requireViewer(req), req.body, clientIp(req)),
  });

  app.post('/api/auth/password/reset/', {
    schema: {
      tags,
      summary: 'Email a password reset code (same answer for any address)',
      body: EmailBody,
      response: { 200: DetailReply, ...errorReplies(400, 429, 503) },
    },
    handler: async (req) => requestPasswordReset(ctx, req.body.email, clientIp(req)),
  });

  app.post('/api/auth/password/reset/confirm/', {
    schema: {
      tags,
      summary: 'Set a new password with the emailed code; signs out every device',
      body: PasswordResetConfirmBody,
      response: { 200: DetailReply, ...errorReplies(400, 429) },
    },
    handler: async (req) => confirmPasswordReset(ctx, req.body, clientIp(req)),
  });
}
