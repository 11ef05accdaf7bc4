// Accept parsing, media type decoding and Content-Type strings. Content-Types and PGRST107 lists
// were compared with PostgREST 12.0.2; case-insensitivity and parameters kept on unknown types
// follow v16's MediaType.hs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contentTypeOf,
  decodeMediaType,
  type MediaType,
  mediaTypeText,
  type PlanOption,
  parseAccept,
} from '../../../src/request/media-type.ts';

const json: MediaType = { kind: 'json' };
const other = (mime: string): MediaType => ({ kind: 'other', mime });
const plan = (format: 'text' | 'json', forType: MediaType, options: ReadonlyArray<PlanOption> = []): MediaType => ({
  kind: 'plan',
  for: forType,
  format,
  options,
});

describe('parseAccept', () => {
  const cases: ReadonlyArray<{ readonly input: string | undefined; readonly expected: MediaType[] }> = [
    { input: undefined, expected: [{ kind: 'any' }] },
    { input: '', expected: [] },
    { input: 'application/json', expected: [json] },
    { input: 'APPLICATION/JSON', expected: [json] },
    { input: 'text/csv;q=0.5, application/json', expected: [json, { kind: 'csv' }] },
    { input: 'application/json;q=0.5, text/csv', expected: [{ kind: 'csv' }, json] },
    // Equal q and specificity keep the client's order.
    {
      input: 'text/xml, text/plain, application/octet-stream',
      expected: [{ kind: 'textXml' }, { kind: 'textPlain' }, { kind: 'octetStream' }],
    },
    // Specificity: parameters count up, stars count down.
    {
      input: '*/*, application/json, application/vnd.pgrst.object+json;nulls=stripped, text/*',
      expected: [{ kind: 'singular', stripNulls: true }, json, other('text/*'), { kind: 'any' }],
    },
    // q values: Haskell's reads on the text up to the next `;`; unreadable means 1.
    { input: 'text/plain;q=abc, foo/x', expected: [{ kind: 'textPlain' }, other('foo/x')] },
    { input: 'text/plain;q=.5, foo/x', expected: [{ kind: 'textPlain' }, other('foo/x')] },
    { input: 'text/plain;q=0.5abc, foo/x;q=0.4', expected: [{ kind: 'textPlain' }, other('foo/x')] },
    { input: 'text/plain;q=1e-1, foo/x;q=0.2', expected: [other('foo/x'), { kind: 'textPlain' }] },
    { input: 'text/plain;q=-1, foo/x;q=0', expected: [other('foo/x'), { kind: 'textPlain' }] },
    // Everything after ;q= is dropped; other parameters stay on an unknown type (v16).
    { input: 'text/special;q=0.5;charset=x', expected: [other('text/special')] },
    {
      input: 'image/png, text/special; q=0.9, foo/bar;x=1',
      expected: [other('foo/bar;x=1'), other('image/png'), other('text/special')],
    },
    { input: ', ', expected: [other(''), other('')] },
    {
      input: 'application/vnd.pgrst.plan; for="text/csv"; options=analyze|wal',
      expected: [plan('text', { kind: 'csv' }, ['analyze', 'wal'])],
    },
  ];
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseAccept(input), expected));
  }
});

describe('decodeMediaType', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: MediaType }> = [
    { input: 'application/json', expected: json },
    { input: 'application/json; charset=utf-8', expected: json },
    { input: 'application/json@x', expected: json },
    { input: 'text/csv;charset=utf-8', expected: { kind: 'csv' } },
    { input: 'application/geo+json', expected: { kind: 'geoJson' } },
    { input: 'text/plain', expected: { kind: 'textPlain' } },
    { input: 'text/xml', expected: { kind: 'textXml' } },
    { input: 'application/x-www-form-urlencoded', expected: { kind: 'urlEncoded' } },
    { input: 'application/octet-stream', expected: { kind: 'octetStream' } },
    { input: 'application/openapi+json', expected: { kind: 'openApi' } },
    { input: '*/*', expected: { kind: 'any' } },
    { input: 'ApplicatIon/vnd.PgRsT.object+json', expected: { kind: 'singular', stripNulls: false } },
    { input: 'application/vnd.pgrst.object+json;nulls=stripped', expected: { kind: 'singular', stripNulls: true } },
    { input: 'application/vnd.pgrst.object;NULLS=stripped', expected: { kind: 'singular', stripNulls: true } },
    {
      input: 'application/vnd.pgrst.object+json;nulls=stripped;nulls=x',
      expected: { kind: 'singular', stripNulls: false },
    },
    { input: 'application/vnd.pgrst.array+json;nulls=stripped', expected: { kind: 'arrayStripped' } },
    { input: 'application/vnd.pgrst.array;nulls=stripped', expected: { kind: 'arrayStripped' } },
    { input: 'application/vnd.pgrst.array+json', expected: json },
    { input: 'application/vnd.pgrst.array+json;nulls=Stripped', expected: json },
    { input: 'application/vnd.pgrst.plan', expected: plan('text', json) },
    { input: 'application/vnd.pgrst.plan;', expected: plan('text', json) },
    {
      input: 'application/vnd.pgrst.plan ; for="text/xml" ; options=analyze',
      expected: plan('text', { kind: 'textXml' }, ['analyze']),
    },
    { input: 'application/vnd.pgrst.plan+json;for="text/csv"', expected: plan('json', { kind: 'csv' }) },
    {
      input: 'application/vnd.pgrst.plan+text;options=wal|verbose|nope|analyze|settings|buffers',
      expected: plan('text', json, ['analyze', 'verbose', 'settings', 'buffers', 'wal']),
    },
    {
      input: 'application/vnd.pgrst.plan;for="application/vnd.pgrst.object+json;nulls=stripped"',
      expected: plan('text', { kind: 'singular', stripNulls: true }),
    },
    // An unquoted value stops at `/`, so `for` is just "text".
    { input: 'application/vnd.pgrst.plan;for=text/csv', expected: plan('text', other('text')) },
    { input: 'application/vnd.twkb', expected: other('application/vnd.twkb') },
    { input: 'text/*', expected: other('text/*') },
    { input: 'application', expected: other('application') },
    { input: '', expected: other('') },
  ];
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(decodeMediaType(input), expected));
  }
});

describe('contentTypeOf / mediaTypeText', () => {
  const cases: ReadonlyArray<{ readonly mt: MediaType; readonly text: string; readonly contentType: string }> = [
    { mt: json, text: 'application/json', contentType: 'application/json; charset=utf-8' },
    {
      mt: { kind: 'arrayStripped' },
      text: 'application/vnd.pgrst.array+json;nulls=stripped',
      contentType: 'application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8',
    },
    {
      mt: { kind: 'singular', stripNulls: false },
      text: 'application/vnd.pgrst.object+json',
      contentType: 'application/vnd.pgrst.object+json; charset=utf-8',
    },
    {
      mt: { kind: 'singular', stripNulls: true },
      text: 'application/vnd.pgrst.object+json;nulls=stripped',
      contentType: 'application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8',
    },
    { mt: { kind: 'csv' }, text: 'text/csv', contentType: 'text/csv; charset=utf-8' },
    { mt: { kind: 'geoJson' }, text: 'application/geo+json', contentType: 'application/geo+json; charset=utf-8' },
    {
      mt: { kind: 'openApi' },
      text: 'application/openapi+json',
      contentType: 'application/openapi+json; charset=utf-8',
    },
    { mt: { kind: 'textPlain' }, text: 'text/plain', contentType: 'text/plain; charset=utf-8' },
    { mt: { kind: 'textXml' }, text: 'text/xml', contentType: 'text/xml; charset=utf-8' },
    {
      mt: { kind: 'urlEncoded' },
      text: 'application/x-www-form-urlencoded',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    },
    { mt: { kind: 'octetStream' }, text: 'application/octet-stream', contentType: 'application/octet-stream' },
    { mt: other('image/png'), text: 'image/png', contentType: 'image/png' },
    { mt: { kind: 'any' }, text: '*/*', contentType: '*/*; charset=utf-8' },
    {
      mt: plan('json', json, ['analyze', 'wal']),
      text: 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|wal',
      contentType: 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|wal; charset=utf-8',
    },
    {
      mt: plan('text', { kind: 'csv' }),
      text: 'application/vnd.pgrst.plan+text; for="text/csv"',
      contentType: 'application/vnd.pgrst.plan+text; for="text/csv"; charset=utf-8',
    },
  ];
  for (const { mt, text, contentType } of cases) {
    it(text, () => {
      assert.equal(mediaTypeText(mt), text);
      assert.equal(contentTypeOf(mt), contentType);
    });
  }

  it('lists the PGRST107 media types in Accept order', () => {
    assert.deepEqual(parseAccept('image/png, text/special; q=0.9, Text/CSV;q=0.1').map(mediaTypeText), [
      'image/png',
      'text/special',
      'text/csv',
    ]);
  });
});
