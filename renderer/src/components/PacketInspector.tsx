/** Details tree and hex dump of the selected packet, linked both ways through byte ranges. */
import { memo, useCallback, useEffect, useState } from 'react';
import type { PacketDetail } from '../../../core/api';
import { ancestors, nodeAt, nodePathForByte, pathKey, type NodePath } from '../lib/bytes';
import { DetailsTree } from './DetailsTree';
import { HexDump } from './HexDump';

export const PacketInspector = memo(function PacketInspector({ detail }: { detail: PacketDetail | null }) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<NodePath | null>(null);
  const frame = detail?.frame ?? null;

  // A new packet: keep the same layers open (Wireshark does), forget the field.
  useEffect(() => setSelected(null), [frame]);

  const toggle = useCallback((key: string) => {
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  }, []);

  const onByte = useCallback(
    (offset: number) => {
      if (!detail) return;
      const path = nodePathForByte(detail.tree, offset);
      if (!path) return;
      setExpanded((s) => new Set([...s, ...ancestors(path)]));
      setSelected(path);
      requestAnimationFrame(() => document.querySelector('.details-tree .tree-line.selected')?.scrollIntoView({ block: 'nearest' }));
    },
    [detail],
  );

  if (!detail) {
    return (
      <section className="inspector empty" aria-label="Packet details">
        <p className="pane-hint-text">Select a packet to see its fields and bytes.</p>
      </section>
    );
  }
  const node = selected ? nodeAt(detail.tree, selected) : undefined;
  const highlight: [number, number] | null = node && node.length > 0 ? [node.start, node.start + node.length] : null;
  return (
    <section className="inspector" aria-label={`Details of frame ${detail.frame}`}>
      <div className="inspector-tree">
        {detail.tree.length > 0
          ? <DetailsTree tree={detail.tree} expanded={expanded} selected={selected} onToggle={toggle} onSelect={setSelected} />
          : <p className="pane-hint-text">No field breakdown for frame {detail.frame}.</p>}
      </div>
      <div className="inspector-hex">
        <HexDump bytes={detail.bytes} highlight={highlight} onByte={onByte} />
      </div>
      {selected && node && <div className="sr-only" aria-live="polite">{node.label}, {pathKey(selected)}</div>}
    </section>
  );
});
