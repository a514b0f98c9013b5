/**
 * One test for every value a server puts into a response header that came from
 * a request (a signed `response-*` override, a PostObject `success_action_redirect`,
 * a stored Content-Type): what Node's `setHeader` accepts — Latin-1 without
 * control characters except tab. Servers check such values before they change
 * anything (store an object, open a file) and answer 400 when one is unfit.
 * `Cloud`'s response guard (cloud.ts) is the backstop for a value nobody checked.
 */

const UNFIT = /[^\t\x20-\x7e\x80-\xff]/;

/** True when `value` can go into a response header as is. */
export function isHeaderSafe(value: string): boolean {
  return !UNFIT.test(value);
}
