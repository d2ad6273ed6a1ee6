/** Who does what in each provisioning mode, the current mode's column marked. */
import type { ModeOption, ProvisioningModeName } from '../../api/types.js';
import { CAPABILITY_ROWS, MODE_LABELS } from './capability-labels.js';

export function CapabilityMatrix({ modes, current }: { modes: ModeOption[]; current: ProvisioningModeName }) {
  return (
    <div className="table-wrap">
      <table className="table matrix">
        <caption>What each mode lets people and systems do</caption>
        <thead>
          <tr>
            <th scope="col">Capability</th>
            {modes.map((m) => (
              <th scope="col" key={m.mode} className={m.mode === current ? 'matrix-current' : undefined}>
                {MODE_LABELS[m.mode]}
                {m.mode === current ? <span className="matrix-badge"> (current)</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CAPABILITY_ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {modes.map((m) => (
                <td key={m.mode} className={m.mode === current ? 'matrix-current' : undefined}>
                  {row.value(m)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
