// Results of a pure function remembered by an exact string key, within bounds: at most `entries`
// keys of at most `keyChars` characters (longer keys are computed every time), emptied when full.
// Pure domain code calls the same inputs again and again (a bulk load repeats one cause).

export interface Memo<V> {
  get(key: string, compute: () => V): V;
}

export function boundedMemo<V>(entries: number, keyChars: number): Memo<V> {
  const remembered = new Map<string, V>();
  return {
    get(key, compute) {
      let value = remembered.get(key);
      if (value === undefined) {
        value = compute();
        if (key.length <= keyChars) {
          if (remembered.size >= entries) remembered.clear();
          remembered.set(key, value);
        }
      }
      return value;
    },
  };
}
