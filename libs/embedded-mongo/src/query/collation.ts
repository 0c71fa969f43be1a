import type { Document } from 'bson';
import { badValue, MongoCommandError, notSupported } from '../errors/mongo-error';
import type { StringCollator } from './bson-order';

const KNOWN_FIELDS = new Set(['locale', 'caseLevel', 'caseFirst', 'strength', 'numericOrdering', 'alternate', 'maxVariable', 'backwards', 'normalization', 'version']);

/** Options whose ICU behaviour Intl.Collator cannot reproduce exactly: refused, never approximated. */
const REFUSED_WHEN_SET: Array<[string, unknown]> = [
  ['alternate', 'non-ignorable'],
  ['backwards', false],
  ['normalization', false],
];

const collators = new Map<string, StringCollator | undefined>();

/**
 * The string comparison a collation asks for, through the ICU that Node ships (the library
 * mongod uses too): `undefined` for none or `locale: 'simple'` (binary order). Strengths 1-3,
 * caseLevel with strength 1, caseFirst and numericOrdering are implemented; other options are
 * refused with NotImplemented.
 */
export function collatorFor(collation: Document | undefined): StringCollator | undefined {
  if (!collation || Object.keys(collation).length === 0) return undefined;
  const cacheKey = JSON.stringify(collation);
  if (collators.has(cacheKey)) return collators.get(cacheKey);
  const collator = buildCollator(collation);
  collators.set(cacheKey, collator);
  return collator;
}

function buildCollator(collation: Document): StringCollator | undefined {
  for (const field of Object.keys(collation)) {
    if (!KNOWN_FIELDS.has(field)) throw new MongoCommandError('Location40415', `BSON field 'collation.${field}' is an unknown field.`);
  }
  const locale = collation.locale;
  if (typeof locale !== 'string') throw new MongoCommandError('Location40414', "BSON field 'collation.locale' is missing but a required field");
  if (locale === 'simple') return undefined;
  for (const [field, neutral] of REFUSED_WHEN_SET) {
    if (collation[field] !== undefined && collation[field] !== neutral) throw notSupported(`collation option ${field}: ${JSON.stringify(collation[field])}`);
  }
  if (collation.maxVariable !== undefined) throw notSupported('collation option maxVariable');
  if (locale.includes('@')) throw notSupported(`collation locale keywords (${locale})`);
  // ICU writes `en_US`; Intl (BCP 47) writes `en-US`.
  const tag = locale.replace(/_/g, '-');
  let supported: string[];
  try {
    supported = Intl.Collator.supportedLocalesOf(tag);
  } catch {
    supported = [];
  }
  if (supported.length === 0) throw badValue(`Field 'locale' is invalid in: { locale: "${locale}" }`);
  const strength = collation.strength ?? 3;
  if (![1, 2, 3, 4, 5].includes(strength)) throw badValue(`unable to parse collation :: caused by :: strength must be an integer 1 through 5, found ${String(strength)}`);
  if (strength > 3) throw notSupported(`collation strength ${String(strength)}`);
  const caseLevel = collation.caseLevel === true;
  if (caseLevel && strength !== 1) throw notSupported(`collation caseLevel with strength ${String(strength)}`);
  const caseFirst = collation.caseFirst ?? 'off';
  if (!['upper', 'lower', 'off'].includes(caseFirst)) throw badValue(`caseFirst must be 'upper', 'lower' or 'off', found ${String(caseFirst)}`);
  const sensitivity = strength === 1 ? (caseLevel ? 'case' : 'base') : strength === 2 ? 'accent' : 'variant';
  const intl = new Intl.Collator(supported[0], {
    usage: 'sort',
    sensitivity,
    numeric: collation.numericOrdering === true,
    caseFirst: caseFirst === 'off' ? 'false' : caseFirst,
  });
  return intl.compare;
}
