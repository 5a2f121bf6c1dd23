import { Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyScreen } from '../../../src/app/lazy-screen';

function Hello({ name }: { name: string }) {
  return <p>hello {name}</p>;
}

const render = (Screen: ReturnType<typeof lazyScreen<{ name: string }>>) =>
  renderToString(
    <Suspense fallback={<i>waiting</i>}>
      <Screen name="duty1" />
    </Suspense>,
  );

describe('lazyScreen', () => {
  it('suspends while its chunk loads, and renders at once (no suspending) once preloaded', async () => {
    let loads = 0;
    const Screen = lazyScreen(async () => {
      loads++;
      return { default: Hello };
    });
    await Screen.preload();
    expect(render(Screen)).toContain('hello <!-- -->duty1');
    expect(loads).toBe(1);

    const NotYet = lazyScreen(() => new Promise<{ default: typeof Hello }>(() => {}));
    expect(render(NotYet)).toContain('waiting');
  });

  it('a failed load is tried again on the next preload', async () => {
    let attempt = 0;
    const Screen = lazyScreen(async () => {
      if (attempt++ === 0) throw new Error('offline');
      return { default: Hello };
    });
    await expect(Screen.preload()).rejects.toThrow('offline');
    await Screen.preload();
    expect(attempt).toBe(2);
    expect(render(Screen)).toContain('duty1');
  });
});
