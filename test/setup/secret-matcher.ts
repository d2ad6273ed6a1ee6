/**
 * Finds any of many recorded secrets in a text in one pass (Aho–Corasick): the
 * time per text grows with its length only, not with the number of secrets. A
 * full run records thousands; one regular expression alternating all of them
 * backtracks through every alternative at every position, which made the
 * after-suite scan take minutes.
 *
 * The automaton is a dense table over the secrets' own characters (any other
 * character leads back to the root), built breadth-first with the failure links
 * folded in, so matching is one table read per character.
 */
export interface SecretMatcher {
  /** The secret ending first in `text`, if any. */
  find(text: string): string | undefined;
}

export function secretMatcher(secrets: readonly string[]): SecretMatcher | undefined {
  const patterns = [...new Set(secrets.filter((s) => s.length > 0))];
  if (patterns.length === 0) return undefined;

  // UTF-16 code unit → column; 0 is every unit no secret contains.
  const column = new Uint16Array(0x10000);
  let width = 1;
  for (const pattern of patterns) for (let i = 0; i < pattern.length; i++) if (column[pattern.charCodeAt(i)] === 0) column[pattern.charCodeAt(i)] = width++;
  const maxStates = patterns.reduce((sum, p) => sum + p.length, 1);
  const next = new Int32Array(maxStates * width);
  const found = new Int32Array(maxStates).fill(-1);
  let states = 1;

  // The trie; state 0 is the root, and 0 in `next` means "no edge yet".
  patterns.forEach((pattern, index) => {
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const cell = state * width + column[pattern.charCodeAt(i)]!;
      if (next[cell] === 0) next[cell] = states++;
      state = next[cell]!;
    }
    if (found[state] === -1) found[state] = index;
  });

  // Failure links, folded into the table so every state has an edge for every column.
  const failure = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < width; c++) if (next[c] !== 0) queue.push(next[c]!);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    if (found[state] === -1 && found[failure[state]!] !== -1) found[state] = found[failure[state]!]!;
    for (let c = 0; c < width; c++) {
      const cell = state * width + c;
      const fallback = next[failure[state]! * width + c]!;
      if (next[cell] === 0) next[cell] = fallback;
      else {
        failure[next[cell]!] = fallback;
        queue.push(next[cell]!);
      }
    }
  }

  return {
    find(text) {
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        state = next[state * width + column[text.charCodeAt(i)]!]!;
        if (found[state] !== -1) return patterns[found[state]!];
      }
      return undefined;
    },
  };
}
