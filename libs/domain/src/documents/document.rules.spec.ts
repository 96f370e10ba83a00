import { describe, expect, it } from '@jest/globals';
import { Role } from '../access/role.js';
import { DocumentParentKind, DocumentPurpose, describeBytes, judgeFile, mayUpload, purposesFor } from './document.rules.js';

describe('who attaches documents where', () => {
  it.each([
    [DocumentParentKind.Award, [Role.Commissioner]],
    [DocumentParentKind.Condition, [Role.Commissioner, Role.Partner]],
    [DocumentParentKind.Return, [Role.Commissioner, Role.Partner]],
  ])('%s: %j and nobody else', (kind, allowed) => {
    for (const role of Object.values(Role)) expect([role, mayUpload(role, kind)]).toEqual([role, allowed.includes(role)]);
  });

  it('gives each parent its own purpose or other', () => {
    expect(purposesFor(DocumentParentKind.Award)).toEqual([DocumentPurpose.GrantAgreement, DocumentPurpose.Other]);
    expect(purposesFor(DocumentParentKind.Condition)).toEqual([DocumentPurpose.ConditionEvidence, DocumentPurpose.Other]);
    expect(purposesFor(DocumentParentKind.Return)).toEqual([DocumentPurpose.ReturnAttachment, DocumentPurpose.Other]);
  });
});

describe('which files are accepted', () => {
  const text = { isPlainText: true, looksLikeMarkup: false };
  it('takes a signed type by its bytes, whatever the name says', () => {
    const verdict = judgeFile({ sniffed: { mediaType: 'application/pdf', extension: 'pdf' }, nameExtension: 'exe', ...text });
    expect(verdict).toMatchObject({ accepted: true, type: { mediaType: 'application/pdf' } });
  });

  it('refuses a signed type not on the list, naming it', () => {
    expect(judgeFile({ sniffed: { mediaType: 'application/x-msdownload', extension: 'exe' }, nameExtension: 'pdf', ...text })).toEqual({
      accepted: false,
      reason: expect.stringMatching(/^is application\/x-msdownload \(\.exe\) by its content, which is not accepted; accepted: PDF, PNG, JPEG/),
    });
  });

  it('takes text only when named .csv or .txt, UTF-8 and not markup', () => {
    expect(judgeFile({ nameExtension: 'csv', ...text })).toMatchObject({ accepted: true, type: { mediaType: 'text/csv' } });
    expect(judgeFile({ nameExtension: 'txt', ...text })).toMatchObject({ accepted: true, type: { mediaType: 'text/plain' } });
    expect(judgeFile({ nameExtension: 'html', ...text })).toMatchObject({ accepted: false });
    expect(judgeFile({ nameExtension: '', ...text })).toMatchObject({ accepted: false });
    expect(judgeFile({ nameExtension: 'csv', isPlainText: false, looksLikeMarkup: false })).toMatchObject({ accepted: false, reason: expect.stringMatching(/not UTF-8 text/) });
    expect(judgeFile({ nameExtension: 'txt', isPlainText: true, looksLikeMarkup: true })).toMatchObject({ accepted: false, reason: expect.stringMatching(/markup/) });
  });

  it('describes sizes for people', () => {
    expect([describeBytes(512), describeBytes(1536), describeBytes(10 * 1024 * 1024), describeBytes(20_000)]).toEqual(['512 bytes', '1.5 KB', '10 MB', '19.5 KB']);
  });
});
