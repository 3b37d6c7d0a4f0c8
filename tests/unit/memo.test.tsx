// components/shared/memo.ts: a section renders again only when one of its props changed.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { memo } from '@/components/shared/memo';

afterEach(cleanup);

describe('memo', () => {
  it('skips a render when every prop is the same, renders when one changed, and keeps its own state and hooks', () => {
    let renders = 0;
    const Row = memo(function Row({ items, label }: { items: string[]; label: string }) {
      renders++;
      const [clicks, setClicks] = useState(0);
      return (
        <button type="button" onClick={() => setClicks((n) => n + 1)}>
          {label}: {items.join(',')} ({clicks})
        </button>
      );
    });
    const kept = ['a'];
    function Owner() {
      const [tick, setTick] = useState(0);
      const [items, setItems] = useState(kept);
      return (
        <div>
          <span>tick {tick}</span>
          <button type="button" onClick={() => setTick((n) => n + 1)}>same props</button>
          <button type="button" onClick={() => setItems(['a', 'b'])}>new items</button>
          <Row items={items} label="row" />
        </div>
      );
    }
    render(<Owner />);
    expect(renders).toBe(1);
    fireEvent.click(screen.getByText('same props'));
    expect(screen.getByText('tick 1')).toBeTruthy();
    expect(renders).toBe(1);
    fireEvent.click(screen.getByText('row: a (0)'));
    expect(renders).toBe(2); // its own state still renders it
    expect(screen.getByText('row: a (1)')).toBeTruthy();
    fireEvent.click(screen.getByText('new items'));
    expect(renders).toBe(3);
    expect(screen.getByText('row: a,b (1)')).toBeTruthy();
  });
});
