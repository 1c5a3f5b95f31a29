/** Generated hostile messages (the project's own; the shared corpus adds more where it exists). */
export interface HostileCase {
  readonly name: string;
  readonly raw: string;
  /** What the item's title must be (best-effort decoding), when checked. */
  readonly title?: string | RegExp;
  readonly externalId?: string;
}

const base = (headers: string, body = 'body'): string =>
  `${headers}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

export function hostileCases(): HostileCase[] {
  return [
    {
      name: 'malformed headers',
      raw: 'From bob\r\nSubject:: broken:\r\n no colon line\r\n\tMessage-ID: <mal-1@x>\r\nX: \r\n\r\nbody\r\n',
    },
    { name: 'missing everything', raw: '\r\n\r\njust a body\r\n' },
    {
      name: 'unknown charset',
      raw: base('From: a@example.com\r\nSubject: =?x-unknown-zz?Q?hello?=\r\nMessage-ID: <charset-1@x>'),
      title: 'hello',
      externalId: 'charset-1@x',
    },
    {
      name: 'split multibyte encoded-words',
      raw: base(
        'From: a@example.com\r\nSubject: =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9_=E2=9C?= =?UTF-8?Q?=93?=\r\nMessage-ID: <split-1@x>',
      ),
      title: 'café ✓',
      externalId: 'split-1@x',
    },
    {
      name: '1 MB subject',
      raw: base(`From: a@example.com\r\nSubject: ${'S'.repeat(1024 * 1024)}\r\nMessage-ID: <big-1@x>`),
      externalId: 'big-1@x',
    },
    {
      name: 'NUL bytes',
      raw: base(
        'From: a\u0000b@example.com\r\nSubject: nul\u0000here\r\nMessage-ID: <nul-1@x>',
        'bo\u0000dy',
      ),
      title: /^nul ?here$/,
      externalId: 'nul-1@x',
    },
    {
      name: 'HTML/JS in subject',
      raw: base('From: a@example.com\r\nSubject: <script>alert(1)</script><b>hi</b>\r\nMessage-ID: <js-1@x>'),
      title: '<script>alert(1)</script><b>hi</b>',
      externalId: 'js-1@x',
    },
    {
      name: 'no Message-ID',
      raw: base(
        'From: Nobody <nobody@example.com>\r\nSubject: no id here\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000',
      ),
      title: 'no id here',
    },
    {
      name: 'base64 garbage and bad charset in body',
      raw: 'From: a@example.com\r\nSubject: b64\r\nMessage-ID: <b64-1@x>\r\nContent-Type: text/plain; charset=nope\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!@@@###aGVsbG8=\r\n',
      title: 'b64',
      externalId: 'b64-1@x',
    },
  ];
}
