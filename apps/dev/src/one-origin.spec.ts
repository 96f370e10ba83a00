import { describe, expect, it } from '@jest/globals';
import { isApiPath } from './one-origin.js';

describe('isApiPath (npm start serves web and API on one port)', () => {
  it.each(['/api', '/api/', '/api/auth/login', '/api/docs', '/api/docs-json', '/api?x=1', '/api/admin/queues/', '/health', '/health?verbose'])('sends %s to the API', (url) => {
    expect(isApiPath(url)).toBe(true);
  });

  it.each(['/', '/sign-in', '/awards/1', '/apis', '/api-docs', '/healthy', '/assets/application.css', '/awards/api', undefined])('sends %s to the web', (url) => {
    expect(isApiPath(url)).toBe(false);
  });
});
