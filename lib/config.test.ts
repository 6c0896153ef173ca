import { describe, expect, it } from 'vitest';
import { ConfigError, parseLauncherConfig, parseServerConfig } from './config';

describe('configuration', () => {
  it('names a missing DATABASE_URL when the server starts without one', () => {
    expect(() => parseServerConfig({})).toThrowError(ConfigError);
    expect(() => parseServerConfig({})).toThrowError(/DATABASE_URL: is required but not set/);
  });

  it('names a malformed DATABASE_URL and says what a good one looks like', () => {
    expect(() => parseServerConfig({ DATABASE_URL: 'mysql://nope' })).toThrowError(
      /DATABASE_URL: must be a PostgreSQL URL/,
    );
  });

  it('refuses a short session secret', () => {
    expect(() =>
      parseServerConfig({ DATABASE_URL: 'postgresql://localhost/app', NEXTAUTH_SECRET: 'short' }),
    ).toThrowError(/NEXTAUTH_SECRET: must be at least 32/);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      parseLauncherConfig({ EMBEDDED_POSTGRES_PORT: 'ninety', LOG_LEVEL: 'loud' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/EMBEDDED_POSTGRES_PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
  });

  it('lets the launcher run without DATABASE_URL, with the embedded defaults', () => {
    const config = parseLauncherConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.EMBEDDED_POSTGRES_PORT).toBe(54329);
    expect(config.DATA_DIR).toBe('.data');
    expect(config.APP_BASE_URL).toBe('http://localhost:3000');
  });

  it('puts the launcher’s default APP_BASE_URL on the port it serves (PORT=3999 without APP_BASE_URL)', () => {
    expect(parseLauncherConfig({ PORT: '3999' }).APP_BASE_URL).toBe('http://localhost:3999');
    expect(parseLauncherConfig({ PORT: '3999', APP_BASE_URL: 'https://book.clinic.example' }).APP_BASE_URL).toBe(
      'https://book.clinic.example',
    );
  });

  it('treats an empty variable as unset and trims a trailing slash from APP_BASE_URL', () => {
    const config = parseLauncherConfig({ DATABASE_URL: '', APP_BASE_URL: 'https://book.clinic.example/' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.APP_BASE_URL).toBe('https://book.clinic.example');
  });
});
