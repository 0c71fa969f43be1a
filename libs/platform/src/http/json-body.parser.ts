import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BodyTooDeepError } from './json-body.errors';

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`, read in one loop before it
 * is parsed: the refusal costs no parse and no recursion, so a 60 KB body of 10,000 `[` cannot
 * overflow a stack anywhere later (the `$`-key scan, class-transformer, class-validator).
 */
export function nestsDeeperThan(json: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index++) {
    const code = json.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++; // the escaped character cannot end the string
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Fastify's own JSON parser (prototype-poisoning keys refused) with two changes: an empty body
 * is no body, as Express (Nest's default) treats it (axios, fetch wrappers and gateways send
 * `content-type: application/json` on bodiless POSTs; Fastify alone answers 400), and a body
 * nested deeper than `maxDepth` is refused before it is parsed.
 */
export function jsonBodyParser(fastify: FastifyInstance, maxDepth: number): (request: FastifyRequest, body: Buffer, done: ParserDone) => void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    const text = body.toString('utf8');
    if (nestsDeeperThan(text, maxDepth)) return done(new BodyTooDeepError(maxDepth), undefined);
    parseJson(request, text, done);
  };
}
