// Node reads and writes header text as Latin-1 (one byte per char, and it refuses chars beyond
// U+00FF); HTTP clients and PostgREST use UTF-8. These convert between the two where text crosses.

const NON_ASCII = /[\u0080-\uffff]/;

/** A request header's text as the client meant it; undecodable bytes become U+FFFD. */
export function fromHeaderBytes(value: string): string {
  return NON_ASCII.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

/** Text for a response header or reason phrase, as node must be given it to send UTF-8. */
export function toHeaderBytes(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}
