import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { Timestamp, Uuid } from './common.js';
import { PhotoRead } from './photos.js';

/** The original's like answers: the photo as it now is, with the like's time. */
export const LikeReply = z.object({ photo: PhotoRead, created_at: Timestamp }).meta({ id: 'LikeReply' });
export const UnlikeReply = z.object({ photo: PhotoRead });
export const Liker = z.object({ user: MiniUser, created_at: Timestamp }).meta({ id: 'Liker' });

export const CommentBody = z.object({
  content: z.string().trim().min(1, 'This field may not be blank.').max(2000),
  /** Reply to this comment; a reply to a reply joins the same thread. */
  parent_comment: Uuid.nullable().optional(),
});
export type CommentBody = z.infer<typeof CommentBody>;
export const CommentEditBody = z.object({ content: CommentBody.shape.content });

export const Comment = z
  .object({
    id: Uuid,
    photo: Uuid,
    /** Null once the author's account is gone. */
    user: MiniUser.nullable(),
    content: z.string(),
    created_at: Timestamp,
    edited: z.boolean(),
    /** Deleted but kept so its replies still read; content is empty. */
    deleted: z.boolean(),
    parent_comment: Uuid.nullable(),
    in_reply_to: z.object({ id: Uuid, user: MiniUser.nullable() }).nullable(),
    replies_count: z.number().int(),
    can_edit: z.boolean(),
    can_delete: z.boolean(),
  })
  .meta({ id: 'Comment' });
export type Comment = z.infer<typeof Comment>;

const Usernames = z.array(z.string().trim().min(1).max(150)).min(1).max(50);
/** `tagged_usernames`, as uploads name the people in a photo; `usernames`, this route's first name, still works. */
export const TagPeopleBody = z
  .object({ tagged_usernames: Usernames.optional(), usernames: Usernames.optional() })
  .refine((b) => b.tagged_usernames !== undefined || b.usernames !== undefined, {
    message: 'Give the usernames of the people to tag.',
    path: ['tagged_usernames'],
  });
