import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dataRoot, shownPath } from './data-dir.js';

describe('data-dir', () => {
  it('keeps npm start state in ./.data unless RINGFENCE_DATA_DIR moves it', () => {
    expect(dataRoot({})).toBe(resolve('.data'));
    expect(dataRoot({ RINGFENCE_DATA_DIR: '' })).toBe(resolve('.data'));
    expect(dataRoot({ RINGFENCE_DATA_DIR: '/tmp/ringfence-play' })).toBe('/tmp/ringfence-play');
    expect(dataRoot({ RINGFENCE_DATA_DIR: 'play' })).toBe(resolve('play'));
  });

  it('shows paths inside the working directory as ./relative and others in full', () => {
    expect(shownPath(join(process.cwd(), '.data', 'mail'))).toBe('./.data/mail');
    expect(shownPath('/tmp/ringfence-play/postgres')).toBe('/tmp/ringfence-play/postgres');
    expect(shownPath(join(process.cwd(), '..', 'elsewhere'))).toBe(resolve('..', 'elsewhere'));
  });
});
