import { z } from 'zod';

/** Reads `1`, `true`, `yes` (and their opposites) the way operators write them in env files. */
const envBoolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalUrl = z.url().optional();

/**
 * Every setting the server reads, with the embedded defaults. A value that fails here stops the
 * process with a message naming the variable, before anything listens.
 */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl,
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
  /** URLs handed out by share links live this long, so a revoked link stops working almost at once. */
  SHARE_URL_TTL_S: seconds(60),

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

  /** Open notification sockets per account, and how often a socket is pinged and its sign-in checked. */
  WS_MAX_PER_USER: count(5),
  WS_HEARTBEAT_S: seconds(25),

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
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The address people use to reach this server: `PUBLIC_URL`, else the address it listens on. */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
