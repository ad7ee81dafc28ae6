/** The packet details tree: collapsible, one line per field; selecting a field highlights its bytes. */
import type { KeyboardEvent } from 'react';
import type { DetailNode } from '../../../core/api';
import { pathKey, type NodePath } from '../lib/bytes';

interface Props {
  tree: DetailNode[];
  expanded: ReadonlySet<string>;
  selected: NodePath | null;
  onToggle(key: string): void;
  onSelect(path: NodePath): void;
}

export function DetailsTree({ tree, expanded, selected, onToggle, onSelect }: Props) {
  const selectedKey = selected ? pathKey(selected) : null;
  // The visible lines in order, for arrow-key movement.
  const visible: { path: NodePath; node: DetailNode }[] = [];
  const collect = (list: DetailNode[], prefix: NodePath) =>
    list.forEach((node, i) => {
      const path = [...prefix, i];
      visible.push({ path, node });
      if (node.children && expanded.has(pathKey(path))) collect(node.children, path);
    });
  collect(tree, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const at = visible.findIndex((v) => pathKey(v.path) === selectedKey);
    const cur = visible[at];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = visible[Math.max(0, Math.min(visible.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) onSelect(next.path);
    } else if (cur?.node.children && (e.key === 'ArrowRight' || e.key === 'ArrowLeft' || e.key === 'Enter')) {
      e.preventDefault();
      const open = expanded.has(pathKey(cur.path));
      if ((e.key === 'ArrowRight' && !open) || (e.key === 'ArrowLeft' && open) || e.key === 'Enter') onToggle(pathKey(cur.path));
    }
  };

  const render = (list: DetailNode[], prefix: NodePath, depth: number) =>
    list.map((node, i) => {
      const path = [...prefix, i];
      const key = pathKey(path);
      const open = expanded.has(key);
      const hasKids = !!node.children?.length;
      return (
        <li key={key} role="treeitem" aria-expanded={hasKids ? open : undefined} aria-selected={key === selectedKey} aria-level={depth + 1}>
          <div className={`tree-line${key === selectedKey ? ' selected' : ''}`} style={{ paddingLeft: depth * 16 + 4 }}
            onMouseDown={() => onSelect(path)} title={node.field ? `${node.field} · bytes ${node.start}–${node.start + node.length - 1}` : undefined}>
            <button type="button" className="twisty" tabIndex={-1} aria-label={open ? 'Collapse' : 'Expand'} disabled={!hasKids}
              onMouseDown={(e) => e.stopPropagation()} onClick={() => onToggle(key)}>
              {hasKids ? (open ? '▾' : '▸') : ''}
            </button>
            <span className="tree-label">{node.label}</span>
          </div>
          {hasKids && open && <ul role="group">{render(node.children!, path, depth + 1)}</ul>}
        </li>
      );
    });

  return (
    <ul className="details-tree" role="tree" aria-label="Packet details" tabIndex={0} onKeyDown={onKeyDown}>
      {render(tree, [], 0)}
    </ul>
  );
}
