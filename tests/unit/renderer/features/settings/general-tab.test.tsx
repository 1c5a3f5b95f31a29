import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LullError } from '../../../../../renderer/src/api/errors';
import { GeneralTab } from '../../../../../renderer/src/features/settings/general-tab';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { makeSettings } from '../../support/factories';
import { renderWith } from '../../support/render';

describe('GeneralTab', () => {
  useLayoutBox();

  it('shows the engine’s own text next to the field it names', async () => {
    const client = makeFakeClient({
      setSettings: () => {
        throw new LullError({
          code: 'EVALIDATION',
          message: 'Invalid setSettings input',
          problems: [{ path: 'general.retentionDays', message: 'Too small: expected number to be >=1' }],
        });
      },
    });
    const { stores } = renderWith(client, <GeneralTab settings={makeSettings()} />);
    fireEvent.change(screen.getByTestId('retention'), { target: { value: '0' } });
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(screen.getByText('Too small: expected number to be >=1')).toBeTruthy();
    expect(screen.getByTestId('retention').getAttribute('aria-invalid')).toBe('true');
    expect(
      (client.callsOf('setSettings')[0] as { general: { retentionDays: number } }).general.retentionDays,
    ).toBe(0);
    expect(stores.settings.getState().settings).toBeNull();
  });
});
