import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createStores, StoresContext } from '../../../../renderer/src/store/stores';
import type { FakeClient } from './fake-client';

export function renderWith(client: FakeClient, ui: ReactElement) {
  const stores = createStores(client);
  const result = render(<StoresContext.Provider value={stores}>{ui}</StoresContext.Provider>);
  return { ...result, stores };
}
