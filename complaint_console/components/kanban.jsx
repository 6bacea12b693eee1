// The outlet kanban: one column per stage, cards from the server, drag and drop with
// @dnd-kit/core, and a keyboard-usable "Move to…" select on every card. The board never
// moves a card itself: it asks the server (onMove) and shows what the server sends back,
// so a move the rules refuse simply leaves the card where it was.
// The whole board (`columns`) comes once per load or filter change; after that the server sends
// only a small `patch` (the changed cards and the column counts), which the board applies to its
// own copy of the columns: a move costs one card, and other people's changes arrive the same way.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from "@dnd-kit/core";
// The badge is another shared asset: import it by the path Reflex gives it (see sla_badge.py).
import { SlaBadges } from "$/public/external/complaint_console/components/sla_badge/sla_badge.jsx";

const SEVERITY = { general: "#57606a", serious: "#bc4c00", urgent: "#cf222e" };
const MARKER = { "card.repeat": "#8250df", "card.escalated": "#cf222e", "card.regulator": "#a40e26", "card.awaiting_approval": "#9a6700" };

function CardBody({ card, labels, onMove, dragHandle, overlay = false }) {
  const name = (key) => labels.names[key] || key;
  return (
    <div className={overlay ? "kanban-card-overlay" : "kanban-card"} data-number={card.number} data-stage={card.stage}
      style={{ background: "#fff", border: "1px solid #d0d7de", borderRadius: 8, padding: "6px 8px", display: "flex", flexDirection: "column", gap: 4 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 6 }}>
        {/* The handle is focusable (dnd-kit's keyboard sensor): it has a name, and only its glyph is hidden. */}
        <span {...dragHandle} className="drag-handle" aria-label={`${labels.drag} (${card.number})`} title={labels.drag}
          style={{ cursor: "grab", color: "#57606a", userSelect: "none" }}><span aria-hidden="true">⠿</span></span>
        <a href={`/tickets/${card.number}`} style={{ fontWeight: 600, color: "#0550ae", textDecoration: "none", fontSize: 12, whiteSpace: "nowrap" }}>{card.number}</a>
      </div>
      <div style={{ fontSize: 12, color: "#24292f" }}>
        <span style={{ fontWeight: 600, color: SEVERITY[card.severity] || "#57606a" }}>{name(`severity.${card.severity}`)}</span>
        {" · "}{name(`category.${card.category}`)} · {card.customer}
      </div>
      <div style={{ fontSize: 11, color: "#57606a" }}>{card.assignee || labels.unassigned} · {labels.age} {card.age}</div>
      {card.markers.length > 0 && (
        <div style={{ display: "flex", gap: 4, flexWrap: "wrap" }}>
          {card.markers.map((m) => (
            <span key={m} className="card-marker" style={{ fontSize: 10, border: `1px solid ${MARKER[m]}`, color: MARKER[m], borderRadius: 4, padding: "0 4px" }}>
              {name(m).replace("{n}", card.repeatSeq)}
            </span>
          ))}
        </div>
      )}
      <SlaBadges clocks={card.clocks} labels={labels.sla} />
      {card.targets.length > 0 && (
        <select aria-label={`${labels.moveTo} (${card.number})`} className="move-to" value=""
          onChange={(e) => e.target.value && onMove(card.number, card.version, e.target.value)}
          style={{ fontSize: 12, padding: "2px 4px", borderRadius: 6, border: "1px solid #d0d7de", background: "#f6f8fa" }}>
          <option value="">{labels.moveTo}</option>
          {card.targets.map((stage) => <option key={stage} value={stage}>{name(`stage.${stage}`)}</option>)}
        </select>
      )}
    </div>
  );
}

// Cards and columns are memoised: a patch re-renders the changed cards and the columns whose
// cards or count changed, not the whole board (a move then costs the browser a few ms).
const DraggableCard = memo(function DraggableCard({ card, labels, onMove }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.number, data: card });
  return (
    <div ref={setNodeRef} style={{ opacity: isDragging ? 0.4 : 1 }}>
      <CardBody card={card} labels={labels} onMove={onMove} dragHandle={{ ...listeners, ...attributes }} />
    </div>
  );
});

const Column = memo(function Column({ column, labels, onMove, onShowMore, dragging }) {
  const { setNodeRef, isOver } = useDroppable({ id: column.stage });
  const target = dragging && dragging.targets.includes(column.stage);
  const label = labels.names[`stage.${column.stage}`];
  const dimmed = dragging && !target && dragging.stage !== column.stage;
  return (
    <section ref={setNodeRef} className="kanban-column" data-stage={column.stage} aria-label={label}
      style={{ flex: "1 0 200px", minWidth: 200, maxWidth: 300, background: isOver && target ? "#ddf4ff" : "#f6f8fa",
        border: `1px ${target ? "dashed #0969da" : "solid #d0d7de"}`, borderRadius: 10, padding: 8,
        display: "flex", flexDirection: "column", gap: 8, opacity: dimmed ? 0.5 : 1, maxHeight: "calc(100vh - 220px)", overflowY: "auto" }}>
      <header style={{ display: "flex", alignItems: "baseline", gap: 6, position: "sticky", top: 0, background: "inherit" }}>
        <strong style={{ fontSize: 13 }}>{label}</strong>
        <span className="column-count" style={{ fontSize: 12, color: "#57606a" }}>{column.count}</span>
      </header>
      {column.cards.map((card) => <DraggableCard key={card.number} card={card} labels={labels} onMove={onMove} />)}
      {column.hasMore && (
        <button type="button" onClick={() => onShowMore(column.stage)}
          style={{ fontSize: 12, border: "1px solid #d0d7de", borderRadius: 6, background: "#fff", padding: 4 }}>{labels.showMore}</button>
      )}
    </section>
  );
});

// Open stages: nearest due first (rank ascending); the server's order, also for inserted cards.
const byRank = (a, b) => a.rank - b.rank || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);

export function applyPatch(columns, patch) {
  const changed = new Set([...(patch.removed || []), ...(patch.cards || []).map((c) => c.number)]);
  return columns.map((column) => {
    const incoming = (patch.cards || []).filter((c) => c.stage === column.stage);
    const kept = column.cards.filter((c) => !changed.has(c.number));
    const count = patch.counts && patch.counts[column.stage] !== undefined ? patch.counts[column.stage] : column.count;
    if (incoming.length === 0 && kept.length === column.cards.length && count === column.count) return column; // untouched
    const cards = incoming.length > 0 ? [...kept, ...incoming].sort(byRank).slice(0, Math.max(column.limit || 0, kept.length)) : kept;
    return { ...column, cards, count, hasMore: count > cards.length };
  });
}

export function KanbanBoard({ columns, patch, labels, onMove, onShowMore, onKeepLive, heartbeatMs }) {
  const [dragging, setDragging] = useState(null);
  // The board is derived while rendering (no effect, so no second render): a new `columns`
  // replaces it, a new `patch` is applied to it once.
  const [shown, setShown] = useState({ columns, patch: null, board: columns || [] });
  let current = shown;
  if (columns !== shown.columns) current = { columns, patch: null, board: columns || [] };
  if (patch && patch.seq && patch !== current.patch) current = { ...current, patch, board: applyPatch(current.board, patch) };
  if (current !== shown) setShown(current);
  const board = current.board;
  // Stable props for the memoised columns and cards (Reflex hands new functions and objects each render).
  const moveRef = useRef(onMove);
  moveRef.current = onMove;
  const move = useCallback((...args) => moveRef.current(...args), []);
  const moreRef = useRef(onShowMore);
  moreRef.current = onShowMore;
  const showMore = useCallback((...args) => moreRef.current(...args), []);
  const labelsKey = JSON.stringify(labels);
  const stableLabels = useMemo(() => labels, [labelsKey]);
  // The heartbeat that keeps the server's live watch going across websocket reconnects.
  const keepLive = useRef(onKeepLive);
  keepLive.current = onKeepLive;
  useEffect(() => {
    const timer = window.setInterval(() => keepLive.current && keepLive.current(), heartbeatMs || 20000);
    return () => window.clearInterval(timer);
  }, [heartbeatMs]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  return (
    <DndContext sensors={sensors}
      onDragStart={({ active }) => setDragging(active.data.current)}
      onDragCancel={() => setDragging(null)}
      onDragEnd={({ active, over }) => {
        const card = active.data.current;
        setDragging(null);
        if (over && card && over.id !== card.stage) move(card.number, card.version, String(over.id));
      }}>
      {/* The board takes the page's width and no more: its columns scroll sideways inside it (1440 px screens). */}
      <div className="kanban" style={{ display: "flex", gap: 10, overflowX: "auto", alignItems: "flex-start", paddingBottom: 8,
        width: "100%", maxWidth: "100%", minWidth: 0 }}>
        {board.map((column) => (
          <Column key={column.stage} column={column} labels={stableLabels} onMove={move} onShowMore={showMore} dragging={dragging} />
        ))}
      </div>
      {/* No drop animation: the server decides where the card ends up, and the board redraws from its answer. */}
      <DragOverlay dropAnimation={null}>
        {dragging ? <CardBody card={dragging} labels={stableLabels} onMove={() => {}} dragHandle={{}} overlay /> : null}
      </DragOverlay>
    </DndContext>
  );
}
