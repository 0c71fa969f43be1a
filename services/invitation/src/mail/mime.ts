/**
 * A complete 8bit MIME part. Mails are written as such rather than left to the mail composer,
 * which would quoted-printable-encode long links (`token=3D…` and soft line breaks): a link must
 * read exactly as it is, in a client and in the raw `.eml` file.
 */
export function mimePart(contentType: string, body: string): string {
  return `Content-Type: ${contentType}; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body}`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
