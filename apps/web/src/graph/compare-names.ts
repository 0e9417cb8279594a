const collator = new Intl.Collator('en', { numeric: true });

/** Natural order of names as people number them: `app-2` before `app-10`. */
export function compareNames(left: string, right: string): number {
  return collator.compare(left, right);
}
