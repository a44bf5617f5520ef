import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Reads `1`, `true`, `yes` (and their opposites) the way operators write them in env files. */
const envBoolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalUrl = z.url().optional();
/** A score or a level between 0 and 1 (a threshold on a model's confidence, a brightness cut-off). */
const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);
/** An hour of the local clock, 0..23. */
const hour = (fallback: number) => z.coerce.number().int().min(0).max(23).default(fallback);

/** A TCP port an operator can type; 0 (any free port) is for tests that pass the number themselves. */
const port = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z
    .number({ error: 'must be a number from 1 to 65535' })
    .int()
    .min(0)
    .max(65535, 'must be a number from 1 to 65535'),
);

/** Only PostgreSQL speaks our SQL: another scheme (mysql:, sqlite:, a typo) is refused before anything connects. */
const postgresUrl = z
  .url()
  .refine((url) => /^postgres(ql)?:\/\//i.test(url), 'must be a postgres:// or postgresql:// URL')
  .optional();

/**
 * The repository (or, installed alone, the server package) this file belongs to, found from its own
 * location so `pixeli` run from any folder of the checkout uses one `data` folder, not one per cwd.
 */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  let nearest: string | undefined;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      nearest ??= dir;
      if ('workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return nearest ?? process.cwd();
    dir = parent;
  }
}

/** Where the embedded database, media and outbox live unless DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = path.join(packageRoot(), 'data');

/** Where the web app's build (`web/dist`) is served from unless WEB_DIR says otherwise. */
export const DEFAULT_WEB_DIR = path.join(packageRoot(), 'web', 'dist');

/** A folder, or `off` (any case): null then means the server serves no web app, only the API. */
const folderOrOff = z
  .string()
  .min(1)
  .transform((v) => (v.trim().toLowerCase() === 'off' ? null : v));

/**
 * Every setting the server reads, with the embedded defaults. A value that fails here stops the
 * process with a message naming the variable, before anything listens.
 */
export const ConfigSchema = z.object({
  PORT: port.default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** A relative DATA_DIR is relative to the folder the command starts in; unset, see DEFAULT_DATA_DIR. */
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  /**
   * The built web app served at `/` (relative to the starting folder, as DATA_DIR); `off` serves
   * only the API. Unset, see DEFAULT_WEB_DIR.
   */
  WEB_DIR: folderOrOff.default(DEFAULT_WEB_DIR),
  DATABASE_URL: postgresUrl,
  /**
   * Named (server-side prepared) statements, so hot queries are planned once per connection on
   * PostgreSQL (db/prepared-statements.ts) and once per database embedded
   * (db/pglite-named-statements.ts) instead of on every request. Turn off behind a pooler in
   * transaction mode, where a session's statements do not follow the next transaction.
   */
  DATABASE_PREPARED_STATEMENTS: envBoolean.default(true),
  REDIS_URL: optionalUrl,
  /** Namespace for every Redis key, so deployments can share one Redis. */
  REDIS_PREFIX: z.string().min(1).max(64).default('pixeli:'),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('Pixel-i <no-reply@pixeli.local>'),
  PUBLIC_URL: optionalUrl,
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: envBoolean.default(false),
  /**
   * How answers become JSON (`http/serializer.ts`). `compiled`: code generated once per response
   * schema, nothing checked per request; checking a 50-photo page with zod cost more CPU than
   * building it. `checked`: zod validates each answer and the compiled output must equal zod's; the
   * test suites run so, which is what makes `compiled` safe. `zod`: zod on every answer, as before.
   */
  RESPONSE_SERIALIZER: z.enum(['compiled', 'checked', 'zod']).default('compiled'),

  /**
   * Who may sign up: anyone (`open`), people with an email in SIGNUP_EMAIL_DOMAINS (`domains`),
   * people holding a valid event invite (`invite`), or nobody (`closed`; admins use the CLI).
   */
  SIGNUP: z.enum(['open', 'domains', 'invite', 'closed']).default('open'),
  SIGNUP_EMAIL_DOMAINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((d) => d.trim().replace(/^@/, '').toLowerCase())
        .filter(Boolean),
    ),

  ACCESS_TOKEN_TTL_S: seconds(60 * 60),
  REFRESH_TOKEN_TTL_S: seconds(30 * 24 * 60 * 60),
  OTP_TTL_S: seconds(10 * 60),
  OTP_MAX_ATTEMPTS: count(5),
  OTP_RESEND_COOLDOWN_S: seconds(60),

  /** S3-compatible media storage; when S3_BUCKET is unset, media lives under DATA_DIR/media. */
  S3_ENDPOINT: optionalUrl,
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: envBoolean.default(false),

  /** Lifetimes of signed media URLs: previews and thumbnails, and originals. */
  MEDIA_URL_TTL_S: seconds(60 * 60),
  ORIGINAL_URL_TTL_S: seconds(5 * 60),
  /** URLs handed out by share links live this long (a revoked link's URL is refused at once anyway). */
  SHARE_URL_TTL_S: seconds(60),
  /**
   * How long a process trusts what it learned about a share link before asking the database again:
   * the most a change of its creator's rights (or a revocation a node missed on the bus) takes to
   * stop its image URLs. Revocations reach every process at once over the bus.
   */
  SHARE_LINK_RECHECK_S: seconds(5),
  /**
   * How long a process may trust a sign-in it checked (features/accounts/sign-in-cache.ts). Logout,
   * password changes and deactivation still take effect at once through the bus; this only bounds
   * what a process that missed a bus message can serve.
   */
  SIGN_IN_RECHECK_S: seconds(10),

  UPLOAD_MAX_FILES: count(50),
  UPLOAD_MAX_FILE_BYTES: count(50 * 1024 * 1024),
  /** Decoding refuses images with more pixels than this (pixel bombs). */
  MAX_INPUT_PIXELS: count(100_000_000),
  /** Photos processed at once by each worker, and tries before a photo is marked failed. */
  PROCESSING_CONCURRENCY: count(2),
  JOB_MAX_ATTEMPTS: count(5),
  /**
   * With Redis (BullMQ): a worker that dies mid-job (crash, SIGKILL, lost machine) keeps its job's
   * lock this long; a live worker then runs the job again, within about twice this.
   */
  JOB_STALL_TIMEOUT_S: seconds(30),

  /**
   * Photo analysis (features/ml): faces, face descriptors, objects and auto tags, computed on the
   * CPU in a child process with models that ship inside npm packages. `off` skips them (CLIP,
   * below, has its own switch).
   */
  ML: z.enum(['on', 'off']).default('on'),
  /** One photo's analysis may take this long; then the worker is restarted and that photo fails. */
  ML_TIMEOUT_S: z.coerce.number().positive().default(30),
  /**
   * The models' process stops after this many seconds without a photo, giving back their memory
   * (~300 MB); the next photo starts it again (~2 s). 0 keeps it running.
   */
  ML_IDLE_EXIT_S: z.coerce.number().int().min(0).default(60),
  /** The longest side of the copy that is analysed; the detectors look at far fewer pixels anyway. */
  ML_ANALYSIS_SIZE_PX: z.coerce.number().int().min(256).max(4096).default(1024),
  /** Faces the detector is less sure of than this are dropped (backs, hands, patterns). */
  FACE_MIN_SCORE: fraction(0.5),
  /**
   * Two faces whose descriptors' cosine similarity reaches this are taken as one person. Measured
   * on the face-api sample photos (`node bench/ml/engine.mjs`): the same face re-cropped, mirrored
   * and shrunk scored 0.73–0.95 against itself; two people of one photo 0.32–0.62, faces of two
   * different photos at most 0.66. 0.7 sits in that gap. A new face joins the most similar person of its event at or above it,
   * and find-me returns faces this close.
   */
  FACE_MATCH_THRESHOLD: fraction(0.7),
  /**
   * Someone saying "this is me" of a second person of an event (so merging it into the person they
   * are linked to) needs the two people's centroids at least this alike; the event's staff merge
   * any two. In Human's facematch database, real photos of one person in different shots score
   * 0.39-0.86 and its 775 pairs of strangers median 0.37, 36 % of them at or above 0.4, 10 % at or
   * above 0.5. 0.4 refuses two in three stranger pairs while letting through all but the weakest
   * real pair; a refusal costs only a word to the coordinator, and nothing stops a first "this is
   * me" of any person anyway, so this catches a mistake rather than guards a secret.
   */
  FACE_MERGE_MIN_SIMILARITY: fraction(0.4),
  /** Objects the detector is less sure of than this give no auto tag. */
  AUTO_TAG_MIN_OBJECT_SCORE: fraction(0.3),
  /** Mean luma (0 black .. 1 white) below which a photo is tagged "low light", above which "bright lighting". */
  AUTO_TAG_LOW_LIGHT_BELOW: fraction(0.25),
  AUTO_TAG_BRIGHT_ABOVE: fraction(0.6),
  /** The local hours (from EXIF) that make a "daytime event"; the rest of the day is a "night event". */
  AUTO_TAG_DAY_STARTS_HOUR: hour(7),
  AUTO_TAG_NIGHT_STARTS_HOUR: hour(19),

  /**
   * Optional CLIP (features/ml/clip): a folder holding an ONNX CLIP, laid out as Hugging Face's
   * `Xenova/clip-vit-base-patch32` (`onnx/vision_model.onnx`, `onnx/text_model.onnx`, `vocab.json`
   * and `merges.txt` or `tokenizer.json`). Unset: no CLIP, and onnxruntime is never loaded. Set, the
   * analysis stores a 512-d embedding per photo, tags it with the original's 79 labels it is sure of,
   * and the search box also finds photos by what they show. Independent of ML: faces stay off with ML=off.
   */
  CLIP_MODEL_DIR: z.string().optional(),
  /**
   * A label becomes an auto tag when its share of the 79 labels' softmax (over cosine similarities
   * scaled by CLIP's logit scale, 100) reaches this; the best CLIP_TAG_MAX of those are kept. The
   * original kept its top 10 however unsure; these defaults are not yet tuned on real event photos.
   */
  CLIP_TAG_MIN_SCORE: fraction(0.1),
  CLIP_TAG_MAX: z.coerce.number().int().min(0).max(79).default(5),
  /**
   * A photo is found by free text when the cosine similarity of its embedding and the text's reaches
   * this (CLIP ViT-B/32 puts a fitting caption around 0.25-0.35, an unrelated one around 0.1-0.2).
   */
  CLIP_SEARCH_MIN_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.22),
  /** The newest photos a caller may see that one free-text search compares, so its cost has a ceiling. */
  CLIP_SEARCH_MAX_PHOTOS: count(5000),
  /**
   * Decoded photo embeddings each server process keeps in memory (the least recently searched go
   * first; ~2 KB each, ~20 MB at the default), so a free-text search reads only ids and dates from
   * the database. Keep it above CLIP_SEARCH_MAX_PHOTOS, or one search pushes out what the next
   * needs. 0 keeps none.
   */
  CLIP_CACHE_MAX_PHOTOS: z.coerce.number().int().min(0).default(10000),

  /** Open notification sockets per account, and how often a socket is pinged and its sign-in checked. */
  WS_MAX_PER_USER: count(5),
  WS_HEARTBEAT_S: seconds(25),
  SHUTDOWN_TIMEOUT_S: seconds(10),

  /** Notifications about the same thing within this window merge into one row. */
  NOTIFICATION_MERGE_WINDOW_S: seconds(60 * 60),

  /**
   * Rows a list answers when the request names no `limit` (events, galleries, feed, tagged photos,
   * notifications, search). The original client never pages, so this is what it shows.
   */
  LIST_LIMIT_DEFAULT: z.coerce.number().int().min(1).max(10_000).default(500),

  /** Request body cap for JSON routes; uploads have their own limits. */
  BODY_LIMIT_BYTES: count(64 * 1024),

  /** Abuse limits: attempts per window, per client address and per account. */
  RATE_WINDOW_S: seconds(15 * 60),
  RATE_SIGNUP_PER_IP: count(20),
  RATE_LOGIN_PER_IP: count(50),
  RATE_LOGIN_PER_ACCOUNT: count(10),
  RATE_VERIFY_PER_IP: count(30),
  RATE_VERIFY_PER_ACCOUNT: count(10),
  RATE_MAIL_PER_IP: count(10),
  RATE_MAIL_PER_ACCOUNT: count(5),
  /** Share-link password tries, in their own buckets: per address, and per link from every address. */
  RATE_SHARE_PASSWORD_PER_IP: count(30),
  RATE_SHARE_PASSWORD_PER_LINK: count(20),

  /**
   * Write limits per account, far above what a person does, so a script or a stolen token cannot
   * flood the site. Each counts over the hour, except upload bytes (over the day).
   */
  RATE_COMMENTS_PER_HOUR: count(300),
  RATE_LIKES_PER_HOUR: count(1000),
  RATE_TAGS_PER_HOUR: count(1000),
  RATE_SHARES_PER_HOUR: count(200),
  RATE_INVITES_PER_HOUR: count(100),
  RATE_UPLOAD_FILES_PER_HOUR: count(500),
  RATE_UPLOAD_BYTES_PER_DAY: count(5 * 1024 * 1024 * 1024),

  /** Find-me searches per account and hour: each one with a selfie runs the face model. */
  RATE_FIND_ME_PER_HOUR: count(30),
  /** The largest selfie find-me reads (it is held in memory, never stored). */
  FIND_ME_MAX_BYTES: count(10 * 1024 * 1024),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment (process.env by default) into a typed config, or explains what is wrong. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [key, emptyToUndefined(env[key])]),
  );
  const parsed = ConfigSchema.safeParse(known);
  const lines = parsed.success
    ? crossCheck(parsed.data)
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Rules that tie variables together, checked once each has parsed on its own. */
function crossCheck(config: Config): string[] {
  const lines: string[] = [];
  if (config.SIGNUP === 'domains' && config.SIGNUP_EMAIL_DOMAINS.length === 0) {
    lines.push('  SIGNUP_EMAIL_DOMAINS: must name at least one domain when SIGNUP=domains');
  }
  if (config.AUTO_TAG_LOW_LIGHT_BELOW >= config.AUTO_TAG_BRIGHT_ABOVE) {
    lines.push('  AUTO_TAG_LOW_LIGHT_BELOW: must be below AUTO_TAG_BRIGHT_ABOVE');
  }
  if (config.AUTO_TAG_DAY_STARTS_HOUR >= config.AUTO_TAG_NIGHT_STARTS_HOUR) {
    lines.push('  AUTO_TAG_DAY_STARTS_HOUR: must be before AUTO_TAG_NIGHT_STARTS_HOUR');
  }
  return lines;
}

/** The address people use to reach this server: `PUBLIC_URL`, else the address it listens on. */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/** Addresses that mean "every interface": fine to listen on, meaningless in a link. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The warning a server listening on every interface without PUBLIC_URL logs at start: the links it
 * hands out (images, shares, invites) would name 0.0.0.0, which opens nothing on another machine.
 */
export function wildcardHostWarning(
  config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>,
): string | undefined {
  if (config.PUBLIC_URL || !WILDCARD_HOSTS.has(config.HOST)) return undefined;
  return `HOST is ${config.HOST} and PUBLIC_URL is unset: image, share and invite links will say ${publicBaseUrl(config)}/..., which opens nothing elsewhere; set PUBLIC_URL to the address people use (e.g. https://photos.example.org).`;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
