import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LullError } from '../../../../../renderer/src/api/errors';
import { CadenceTab } from '../../../../../renderer/src/features/settings/cadence-tab';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { makeSettings } from '../../support/factories';
import { renderWith } from '../../support/render';

describe('CadenceTab', () => {
  useLayoutBox();

  it('shows the engine’s own error for an invalid cron inline and cannot save', async () => {
    const client = makeFakeClient({
      previewCadence: (input: { cadence: { kind: string; expr?: string } }) => {
        if (input.cadence.kind === 'cron' && input.cadence.expr === 'nope') {
          throw new LullError({
            code: 'EVALIDATION',
            message: 'Invalid previewCadence input',
            problems: [{ path: 'cadence.expr', message: 'Not a valid cron expression: nope' }],
          });
        }
        return { nextMs: [1, 2, 3, 4, 5].map((i) => Date.UTC(2026, 0, 7, 10 + i)) };
      },
    });
    renderWith(client, <CadenceTab settings={makeSettings()} />);
    await waitFor(() => expect(screen.getByTestId('cadence-preview').querySelectorAll('li')).toHaveLength(5));
    fireEvent.click(screen.getByRole('radio', { name: 'Cron expression' }));
    fireEvent.change(screen.getByTestId('cron-input'), { target: { value: 'nope' } });
    expect(await screen.findByText('Not a valid cron expression: nope')).toBeTruthy();
    expect(screen.getByTestId('cron-input').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId<HTMLButtonElement>('save-cadence').disabled).toBe(true);
    fireEvent.click(screen.getByTestId('save-cadence'));
    expect(client.callsOf('setSettings')).toEqual([]);
  });

  it('saves the whole settings with the new cadence', async () => {
    const client = makeFakeClient({ setSettings: (s: unknown) => s });
    renderWith(client, <CadenceTab settings={makeSettings()} />);
    fireEvent.click(screen.getByRole('radio', { name: 'At fixed times' }));
    fireEvent.change(screen.getByRole('textbox', { name: /Fixed times/ }), {
      target: { value: '09:00, 13:00' },
    });
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('save-cadence').disabled).toBe(false));
    await settle(() => fireEvent.click(screen.getByTestId('save-cadence')));
    const saved = client.callsOf('setSettings')[0] as { batching: { cadence: unknown }; schedule: unknown };
    expect(saved.batching.cadence).toEqual({ kind: 'times', times: ['09:00', '13:00'] });
    expect(saved.schedule).toEqual(makeSettings().schedule);
  });
});
