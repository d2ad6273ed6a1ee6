/** Signing in with a pasted personal access token: for development and scripts' owners, not for everyday use. */
import { useState } from 'react';
import { TextField } from '../../components/Field.js';
import { PendingButton } from '../../components/PendingButton.js';
import { Alert } from '../../components/StatusMessage.js';
import { useAction } from '../../hooks/useAction.js';

export function TokenForm({ onToken }: { onToken: (token: string) => Promise<unknown> }) {
  const [token, setToken] = useState('');
  const action = useAction(() => onToken(token.trim()));
  return (
    <details className="disclosure">
      <summary>Use a personal access token (development)</summary>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void action.run();
        }}
      >
        <TextField
          label="Personal access token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
          hint="The console acts as the token's owner until you sign out or close the tab."
        />
        <Alert error={action.error} />
        <PendingButton type="submit" variant="secondary" pending={action.pending}>
          Use token
        </PendingButton>
      </form>
    </details>
  );
}
