import { describe, expect, it } from '@jest/globals';
import { attachmentDisposition, cleanFileName, downloadFileName, extensionOf } from './file-name.js';
import { isPlainText, looksLikeMarkup } from './media-type.js';

describe('file names as metadata', () => {
  it.each([
    ['minutes.pdf', 'minutes.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\Desktop\\report.docx', 'report.docx'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['\u200Fname\u2066.pdf\u2069', 'name.pdf'],
    ['tab\there\r\nand\u0000nul.pdf', 'tab here andnul.pdf'],
    ['  spaced   out  .pdf ', 'spaced out .pdf'],
    ['e\u0301.pdf', '\u00E9.pdf'],
    ['lone \uD800 surrogate.pdf', 'lone surrogate.pdf'],
    ['..', 'document'],
    ['', 'document'],
    ['/', 'document'],
  ])('keeps %j as %j', (given, kept) => expect(cleanFileName(given)).toBe(kept));

  it('shortens a long name to 200 characters, keeping its extension', () => {
    const kept = cleanFileName(`${'a'.repeat(500)}.xlsx`);
    expect([...kept].length).toBe(200);
    expect(kept.endsWith('a.xlsx')).toBe(true);
  });

  it('reads extensions, lower case, only plausible ones', () => {
    expect(extensionOf('Report.Final.PDF')).toBe('pdf');
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('x.thisisnotanextension')).toBe('');
  });

  it('saves a download under the extension of what it is', () => {
    expect(downloadFileName('minutes.pdf', 'pdf')).toBe('minutes.pdf');
    expect(downloadFileName('photo.jpeg', 'jpg', ['jpg', 'jpeg'])).toBe('photo.jpeg');
    expect(downloadFileName('minutes.pdf', 'png')).toBe('minutes.pdf.png');
    expect(downloadFileName('passwd', 'txt')).toBe('passwd.txt');
  });

  it.each([
    ['minutes.pdf', `attachment; filename="minutes.pdf"; filename*=UTF-8''minutes.pdf`],
    ['r\u00E9sum\u00E9 "final".pdf', `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`],
    ['<script>.pdf', `attachment; filename="_script_.pdf"; filename*=UTF-8''%3Cscript%3E.pdf`],
    ['a\r\nSet-Cookie: x=1.pdf', `attachment; filename="a Set-Cookie_ x_1.pdf"; filename*=UTF-8''a%20Set-Cookie%3A%20x%3D1.pdf`],
    ['\u0646\u0645\u0648\u0630\u062C.pdf', `attachment; filename="_____.pdf"; filename*=UTF-8''%D9%86%D9%85%D9%88%D8%B0%D8%AC.pdf`],
  ])('writes Content-Disposition for %j as an attachment, safe in a header', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
    expect(header).not.toMatch(/[\r\n\u0080-\uFFFF]/);
  });
});

describe('text without a signature', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('is UTF-8 without control characters other than tab and line breaks', () => {
    expect(isPlainText(bytes('a,b\r\n1,"caf\u00E9"\n\tend\f'))).toBe(true);
    expect(isPlainText(bytes('\uFEFFwith a BOM'))).toBe(true);
    expect(isPlainText(bytes('nul\u0000'))).toBe(false);
    expect(isPlainText(bytes('escape \u001B[31m'))).toBe(false);
    expect(isPlainText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBe(false); // Latin-1, not UTF-8
  });

  it('is refused when it opens like a page a browser would render', () => {
    for (const page of ['<!DOCTYPE html><p>', '  <html>', '\uFEFF<svg xmlns="http://www.w3.org/2000/svg">', '<?xml version="1.0"?>', '<script>x</script>', '<!-- c --><p>']) {
      expect([page, looksLikeMarkup(bytes(page))]).toEqual([page, true]);
    }
    expect(looksLikeMarkup(bytes('indicator,value\n<5,3\n'))).toBe(false);
  });
});
