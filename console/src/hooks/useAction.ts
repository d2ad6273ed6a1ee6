/**
 * One user action (a button that calls the API): `pending` while it runs, so
 * the button is disabled and shows progress; the error, for the alert; `run`
 * resolves with `{ value }`, or undefined when the action failed.
 */
import { useCallback, useRef, useState } from 'react';

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<{ value: R } | undefined>;
  pending: boolean;
  error: unknown;
  reset: () => void;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const inFlight = useRef(false);

  const run = useCallback(async (...args: A) => {
    // A double click must not send the request twice.
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setPending(true);
    setError(undefined);
    try {
      return { value: await fnRef.current(...args) };
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);

  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
