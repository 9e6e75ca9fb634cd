/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions), so `replcias` is one step from `replicas`.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = [];
  for (let i = 0; i < rows; i++) {
    d.push(new Array<number>(cols).fill(0));
    d[i][0] = i;
  }
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word a user most likely meant, or undefined when nothing is
 * close enough to be a helpful guess. Case is ignored (`HTTP` → `http`), and a
 * word that starts with a known one counts (`healthcheck` → `health`). A tie
 * between candidates gives no guess.
 */
export function nearest(
  input: string,
  candidates: readonly string[],
): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    let score = editDistance(needle, hay);
    const limit = Math.max(
      1,
      Math.floor(Math.max(needle.length, hay.length) / 3),
    );
    if (score > limit) {
      const prefixMatch =
        Math.min(needle.length, hay.length) >= 4 &&
        (needle.startsWith(hay) || hay.startsWith(needle));
      if (!prefixMatch) continue;
      score = limit + 0.5;
    }
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
      tied = false;
    } else if (
      score === bestScore &&
      candidate.toLowerCase() !== best?.toLowerCase()
    ) {
      tied = true;
    }
  }
  // Two equally good guesses (dc4 → dc1 or dc2?) are no guess at all.
  return tied ? undefined : best;
}
