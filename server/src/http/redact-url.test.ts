import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks tokens in share and invite paths, and credentials in the query', () => {
    const token = 'bk74123l_JKFBePM2yAOggKRiJiovpVx';
    expect(redactUrl(`/s/${token}`)).toBe('/s/[redacted]');
    expect(redactUrl(`/s/${token}?x=1`)).toBe('/s/[redacted]?x=1');
    expect(redactUrl(`/api/photos/share/${token}/`)).toBe('/api/photos/share/[redacted]/');
    expect(redactUrl(`/api/invites/${token}/accept/`)).toBe('/api/invites/[redacted]/accept/');
    expect(redactUrl(`/invite/${token}`)).toBe('/invite/[redacted]');
    expect(redactUrl(`/invite/${token}/?utm=chat`)).toBe('/invite/[redacted]/?utm=chat');
    expect(redactUrl(`/api/ws/notifications/?token=${token}`)).toBe(
      '/api/ws/notifications/?token=[redacted]',
    );
    expect(redactUrl('/media/photos/a/thumb.webp?exp=1&sig=abc')).toBe(
      '/media/photos/a/thumb.webp?exp=1&sig=[redacted]',
    );
  });

  it('leaves URLs without credentials alone', () => {
    for (const url of ['/api/photos/shares/', '/api/events/1/photos/?limit=5', '/api/search/?q=share']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
