import {
  BulkUploadReply,
  DownloadQuery,
  EmailBody,
  EventCreateBody,
  EventDeleteQuery,
  EventMember,
  EventPhotosQuery,
  EventRead,
  EventUpdateBody,
  FindMeMatch,
  InviteCreateBody,
  InviteCreated,
  InvitePreview,
  InviteRead,
  LikeReply,
  Liker,
  ListQuery,
  LoginBody,
  Me,
  MemberAddBody,
  MemberPatchBody,
  MiniUser,
  PasswordResetConfirmBody,
  PersonLinkBody,
  PersonRead,
  PhotoList,
  PhotoPatchBody,
  PhotoRead,
  ProfileUpdateBody,
  SignupBody,
  SignupReply,
  TagPeopleBody,
  UnlikeReply,
  UnreadCount,
  UserSearchQuery,
  VerifyEmailBody,
} from '@pixeli/contract';
import { z } from 'zod';
import { endpoint, seg } from './endpoint';

/**
 * Every API route the web app calls, in one place, typed by the contract the server validates
 * with. Grouped by feature; a screen imports `endpoints` and names what it needs.
 */

/** A sign-in answer to the web app: the access token only (the refresh token is the cookie). */
const WebSignIn = z.object({ access: z.string() }).loose();
const Detail = z.object({ detail: z.string() }).loose();

export const endpoints = {
  auth: {
    signup: endpoint({
      method: 'POST',
      path: () => '/api/auth/signup/',
      body: SignupBody,
      reply: SignupReply.loose(),
      auth: 'none',
    }),
    verifyEmail: endpoint({
      method: 'POST',
      path: () => '/api/auth/verify-email/',
      body: VerifyEmailBody,
      reply: WebSignIn,
      auth: 'cookie',
    }),
    resendCode: endpoint({
      method: 'POST',
      path: () => '/api/auth/resend-email-otp/',
      body: EmailBody,
      reply: Detail,
      auth: 'none',
    }),
    login: endpoint({
      method: 'POST',
      path: () => '/api/auth/login/',
      body: LoginBody,
      reply: WebSignIn,
      auth: 'cookie',
    }),
    resetPassword: endpoint({
      method: 'POST',
      path: () => '/api/auth/password/reset/',
      body: EmailBody,
      reply: Detail,
      auth: 'none',
    }),
    confirmReset: endpoint({
      method: 'POST',
      path: () => '/api/auth/password/reset/confirm/',
      body: PasswordResetConfirmBody,
      reply: Detail,
      auth: 'none',
    }),
    me: endpoint({ method: 'GET', path: () => '/api/auth/me/', reply: Me, auth: 'bearer' }),
    updateMe: endpoint({
      method: 'PATCH',
      path: () => '/api/auth/me/',
      body: ProfileUpdateBody,
      reply: Me,
      auth: 'bearer',
    }),
    /** Multipart (one image in the contract's AVATAR_FIELD); sent by `auth/avatar.ts`, not by `call`. */
    uploadAvatar: endpoint({ method: 'POST', path: () => '/api/auth/me/avatar/', reply: Me, auth: 'bearer' }),
    removeAvatar: endpoint({
      method: 'DELETE',
      path: () => '/api/auth/me/avatar/',
      reply: Me,
      auth: 'bearer',
    }),
    searchUsers: endpoint({
      method: 'GET',
      path: () => '/api/auth/search/',
      query: UserSearchQuery,
      reply: z.array(MiniUser),
      auth: 'bearer',
    }),
  },
  photos: {
    feed: endpoint({
      method: 'GET',
      path: () => '/api/photos/feed/',
      query: ListQuery,
      reply: z.array(PhotoList),
      auth: 'bearer',
    }),
    mine: endpoint({
      method: 'GET',
      path: () => '/api/photos/',
      query: ListQuery,
      reply: z.array(PhotoList),
      auth: 'bearer',
    }),
    ofEvent: endpoint({
      method: 'GET',
      path: (p: { eventId: string }) => `/api/events/${seg(p.eventId)}/photos/`,
      query: EventPhotosQuery,
      reply: z.array(PhotoList),
      auth: 'bearer',
    }),
    get: endpoint({
      method: 'GET',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/`,
      reply: PhotoRead,
      auth: 'bearer',
    }),
    update: endpoint({
      method: 'PATCH',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/`,
      body: PhotoPatchBody,
      reply: PhotoRead,
      auth: 'bearer',
    }),
    remove: endpoint({
      method: 'DELETE',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/`,
      reply: null,
      auth: 'bearer',
    }),
    like: endpoint({
      method: 'POST',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/likes/`,
      reply: LikeReply,
      auth: 'bearer',
    }),
    unlike: endpoint({
      method: 'DELETE',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/likes/`,
      reply: UnlikeReply,
      auth: 'bearer',
    }),
    likers: endpoint({
      method: 'GET',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/likes/`,
      query: ListQuery,
      reply: z.array(Liker),
      auth: 'bearer',
    }),
    download: endpoint({
      method: 'GET',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/download/`,
      query: DownloadQuery,
      reply: null,
      auth: 'bearer',
    }),
    /** Tags people by username; answers the photo as it now is. */
    tag: endpoint({
      method: 'POST',
      path: (p: { id: string }) => `/api/photos/${seg(p.id)}/tags/`,
      body: TagPeopleBody,
      reply: PhotoRead,
      auth: 'bearer',
    }),
    /** Multipart; sent by the upload queue with progress, not by `call`. */
    bulkUpload: endpoint({
      method: 'POST',
      path: (p: { eventId: string }) => `/api/events/${seg(p.eventId)}/photos/bulk-upload/`,
      reply: BulkUploadReply,
      auth: 'bearer',
    }),
  },
  events: {
    list: endpoint({
      method: 'GET',
      path: () => '/api/events/',
      query: ListQuery,
      reply: z.array(EventRead),
      auth: 'bearer',
    }),
    get: endpoint({
      method: 'GET',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/`,
      reply: EventRead,
      auth: 'bearer',
    }),
    create: endpoint({
      method: 'POST',
      path: () => '/api/events/',
      body: EventCreateBody,
      reply: EventRead,
      auth: 'bearer',
    }),
    update: endpoint({
      method: 'PATCH',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/`,
      body: EventUpdateBody,
      reply: EventRead,
      auth: 'bearer',
    }),
    remove: endpoint({
      method: 'DELETE',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/`,
      query: EventDeleteQuery,
      reply: null,
      auth: 'bearer',
    }),
    members: endpoint({
      method: 'GET',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/members/`,
      query: ListQuery,
      reply: z.array(EventMember),
      auth: 'bearer',
    }),
    addMember: endpoint({
      method: 'POST',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/members/`,
      body: MemberAddBody,
      reply: EventMember,
      auth: 'bearer',
    }),
    changeMember: endpoint({
      method: 'PATCH',
      path: (p: { id: string; userId: string }) => `/api/events/${seg(p.id)}/members/${seg(p.userId)}/`,
      body: MemberPatchBody,
      reply: EventMember,
      auth: 'bearer',
    }),
    removeMember: endpoint({
      method: 'DELETE',
      path: (p: { id: string; userId: string }) => `/api/events/${seg(p.id)}/members/${seg(p.userId)}/`,
      reply: null,
      auth: 'bearer',
    }),
    invites: endpoint({
      method: 'GET',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/invites/`,
      reply: z.array(InviteRead),
      auth: 'bearer',
    }),
    createInvite: endpoint({
      method: 'POST',
      path: (p: { id: string }) => `/api/events/${seg(p.id)}/invites/`,
      body: InviteCreateBody,
      reply: InviteCreated,
      auth: 'bearer',
    }),
    revokeInvite: endpoint({
      method: 'DELETE',
      path: (p: { id: string; inviteId: string }) => `/api/events/${seg(p.id)}/invites/${seg(p.inviteId)}/`,
      reply: null,
      auth: 'bearer',
    }),
    previewInvite: endpoint({
      method: 'GET',
      path: (p: { token: string }) => `/api/invites/${seg(p.token)}/`,
      reply: InvitePreview,
      auth: 'none',
    }),
    acceptInvite: endpoint({
      method: 'POST',
      path: (p: { token: string }) => `/api/invites/${seg(p.token)}/accept/`,
      reply: EventRead,
      auth: 'bearer',
    }),
  },
  people: {
    ofEvent: endpoint({
      method: 'GET',
      path: (p: { eventId: string }) => `/api/events/${seg(p.eventId)}/people/`,
      reply: z.array(PersonRead),
      auth: 'bearer',
    }),
    link: endpoint({
      method: 'POST',
      path: (p: { eventId: string; personId: string }) =>
        `/api/events/${seg(p.eventId)}/people/${seg(p.personId)}/link/`,
      body: PersonLinkBody,
      reply: PersonRead,
      auth: 'bearer',
    }),
    unlink: endpoint({
      method: 'DELETE',
      path: (p: { eventId: string; personId: string }) =>
        `/api/events/${seg(p.eventId)}/people/${seg(p.personId)}/link/`,
      reply: null,
      auth: 'bearer',
    }),
    /** A selfie is multipart, sent by `people/findMe.ts`; without one, `call` asks with the linked face. */
    findMe: endpoint({
      method: 'POST',
      path: (p: { eventId: string }) => `/api/events/${seg(p.eventId)}/find-me/`,
      reply: z.array(FindMeMatch),
      auth: 'bearer',
    }),
  },
  notifications: {
    unreadCount: endpoint({
      method: 'GET',
      path: () => '/api/notifications/unread-count/',
      reply: UnreadCount,
      auth: 'bearer',
    }),
  },
} as const;
