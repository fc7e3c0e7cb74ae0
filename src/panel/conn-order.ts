// Which connection groups the list shows, and in what order: a URL substring
// filter and a sort. A group is a reconnect chain (or a lone socket) and moves as
// one, so a chain's attempts stay together and in attempt order whatever the sort.
// Pure: the list component builds the groups, this decides.

export type ConnSortKey = 'time' | 'frames' | 'bytes';
export type SortDir = 'asc' | 'desc';

export interface ConnOrder {
  /** Substring of the URL, any case; blank shows everything. */
  query: string;
  key: ConnSortKey;
  dir: SortDir;
}

export const DEFAULT_ORDER: ConnOrder = { query: '', key: 'time', dir: 'asc' };

/** What sorting and filtering need to know of one connection. */
export interface ConnFigures {
  url: string;
  createdAt: number;
  frames: number;
  bytes: number;
}

export interface Group<T> {
  rows: T[];
  /** Figures of each row's connection, in the same order as `rows`. */
  conns: ConnFigures[];
}

export interface Ordered<T> {
  groups: Group<T>[];
  /** Connections in the groups shown, and in all groups. */
  shown: number;
  total: number;
}

export function urlMatches(url: string, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || url.toLowerCase().includes(q);
}

// A chain is one logical connection of the page: it sorts by its first attempt's
// creation and by the traffic of all its attempts together.
const startOf = (g: Group<unknown>) => (g.conns.length ? Math.min(...g.conns.map((c) => c.createdAt)) : 0);
const sum = (g: Group<unknown>, k: 'frames' | 'bytes') => g.conns.reduce((s, c) => s + c[k], 0);

/**
 * Keeps the groups with at least one matching URL (whole: a chain stays readable
 * with its other attempts) and sorts them. Equal values keep creation order, so
 * rows do not jump about as live counts tie and untie.
 */
export function orderGroups<T>(groups: readonly Group<T>[], order: ConnOrder): Ordered<T> {
  let total = 0;
  let shown = 0;
  const kept: Array<{ g: Group<T>; start: number; value: number; index: number }> = [];
  groups.forEach((g, index) => {
    total += g.conns.length;
    if (!g.conns.some((c) => urlMatches(c.url, order.query))) return;
    shown += g.conns.length;
    const start = startOf(g);
    const value = order.key === 'time' ? start : sum(g, order.key);
    kept.push({ g, start, value, index });
  });
  const sign = order.dir === 'asc' ? 1 : -1;
  kept.sort((a, b) => sign * (a.value - b.value) || a.start - b.start || a.index - b.index);
  return { groups: kept.map((k) => k.g), shown, total };
}
