/**
 * The first `k` items of `items` in `compare` order, as a stable sort would give them,
 * without sorting them all: a page of 200 out of 50,000 rows costs one comparison for most
 * rows instead of a full sort's seventeen. Falls back to a full sort when k is a large share.
 */
export function firstInOrder<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k * 8 >= items.length) return [...items].sort(compare).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1] as T) >= 0) continue;
    // After the last equal item: equal items keep their input order, as in a stable sort.
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, best[middle] as T) < 0) high = middle;
      else low = middle + 1;
    }
    best.splice(low, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
