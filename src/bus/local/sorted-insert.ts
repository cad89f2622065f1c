/**
 * Inserts `item` into `sorted` (ascending by `compare`), after any equal items, in O(log n) comparisons.
 * The queue's available and scheduled lists grow with a backlog (a paused executor, a fleet's looks):
 * a scan or a sort per message would make each send cost as much as the backlog.
 */
export function insertSorted<T>(sorted: T[], item: T, compare: (a: T, b: T) => number): void {
  const last = sorted[sorted.length - 1];
  // The usual case, a message newer or later than all others, is an append.
  if (last === undefined || compare(last, item) <= 0) {
    sorted.push(item);
    return;
  }
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle] as T, item) <= 0) low = middle + 1;
    else high = middle;
  }
  sorted.splice(low, 0, item);
}
