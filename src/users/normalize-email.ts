/**
 * The one form in which an email is stored, compared and used as a throttling key, so that every way of
 * typing one address names one account: surrounding spaces dropped, NFKC (full-width `ａｄａ＠…`, ligatures
 * and compatibility forms become their plain letters, and a decomposed `é` the composed one), then
 * lower-cased. That is the width, case and normalisation mapping of RFC 8265 §3.3 (UsernameCaseMapped)
 * and the UTS #46 nontransitional mapping (`ß` stays `ß`). NFKC runs again after lower-casing because
 * lower-casing can leave a string that is not in NFKC; twice makes the function idempotent.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** C0 (including CR, LF, TAB), DEL and C1 controls: never part of an address, and a header-injection risk in mail. */
// eslint-disable-next-line no-control-regex -- finding control characters is this expression's whole purpose
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}
