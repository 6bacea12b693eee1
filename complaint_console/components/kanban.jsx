// The outlet kanban: one column per stage, cards from the server, drag and drop with
// @dnd-kit/core, and a keyboard-usable "Move to…" menu on every card. A move asks the server
// (onMove) and places the card in its target column at once ("pending"); the server's answer
// (a patch naming the card in `settled`) replaces that copy, so a refused move puts the card
// back, with the server's message. Moves that open a form (resolve, close, reopen) wait for it.
// A drop on a column the card cannot reach is refused here, with the reason, without a request.
// A card can be assigned from its "Assign" control, and selected (its checkbox) for the bulk bar,
// which assigns or moves every selected card: the server decides each one with its own version.
// The whole board (`columns`) comes once per load or filter change; after that the server sends
// only a small `patch` (the changed cards and the column counts), which the board applies to its
// own copy of the columns: a move costs one card, and other people's changes arrive the same way.
import { createContext, memo, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, pointerWithin, rectIntersection, useDraggable, useDroppable, useSensor, useSensors } from "@dnd-kit/core";
import { toast } from "sonner"; // the toaster Reflex renders (rx.toast), so the board's messages look like the server's
// The badge is another shared asset: import it by the path Reflex gives it (see sla_badge.py).
import { SlaBadges } from "$/public/external/complaint_console/components/sla_badge/sla_badge.jsx";

const SEVERITY = { general: "#57606a", serious: "#bc4c00", urgent: "#cf222e" };
const MARKER = { "card.repeat": "#8250df", "card.escalated": "#cf222e", "card.regulator": "#a40e26", "card.awaiting_approval": "#9a6700" };
// A move the server has not answered after this long goes back to where the server last had it.
const UNANSWERED_MS = 10000;

// "{target} is not reachable from {stage}." with its blanks filled in.
const fill = (template, values) => (template || "").replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
const stageName = (labels, stage) => labels.names[`stage.${stage}`] || stage;
const unreachable = (labels, card, target) => fill(labels.unreachable, { target: stageName(labels, target), stage: stageName(labels, card.stage) });
// The card's age comes as a message key and its numbers (`card.age_hours`, {h, m}): worded in the user's language.
const ageText = (labels, age) => (age && age.key ? fill(labels.names[age.key], age) : String(age || ""));

// The card whose menu made the last move: its menu button takes the focus back where the card lands
// (placed at once, and again if the server sends it back), for a short while after the move.
let refocus = { number: null, until: 0 };

// "Move to…": a menu button. Enter, Space or a click opens the list of stages (nothing chosen yet);
// the arrow keys, Home and End walk it; Enter, Space or a click moves; Escape or Tab closes it unmoved.
function MoveMenu({ card, labels, onChoose, disabled }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const root = useRef(null);
  const button = useRef(null);
  const list = useRef(null);
  const targets = card.targets;
  const close = useCallback((backToButton) => {
    setOpen(false);
    setActive(-1);
    if (backToButton && button.current) button.current.focus();
  }, []);
  useEffect(() => { // a move made from this menu: its button keeps the focus in the card's new place
    if (refocus.number === card.number && Date.now() < refocus.until && button.current) button.current.focus();
  }, [card.number]);
  useEffect(() => { // the focus follows the highlight (the list itself while nothing is highlighted)
    if (!open || !list.current) return;
    const item = active >= 0 ? list.current.children[active] : list.current;
    if (item) { item.focus(); item.scrollIntoView({ block: "nearest" }); }
  }, [open, active]);
  useEffect(() => { // a press outside closes the menu
    if (!open) return undefined;
    const outside = (e) => root.current && !root.current.contains(e.target) && close(false);
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open, close]);
  const choose = (stage) => {
    refocus = { number: card.number, until: Date.now() + UNANSWERED_MS + 1000 };
    close(true);
    onChoose(stage);
  };
  const onButtonKey = (e) => {
    if (["Enter", " ", "ArrowDown", "ArrowUp"].includes(e.key)) { e.preventDefault(); if (!disabled) { setActive(-1); setOpen(true); } }
  };
  const onListKey = (e) => {
    const n = targets.length;
    const step = { ArrowDown: (a) => (a + 1) % n, ArrowUp: (a) => (a <= 0 ? n - 1 : a - 1), Home: () => 0, End: () => n - 1 }[e.key];
    if (step) { e.preventDefault(); setActive(step); return; }
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(true); return; }
    if (e.key === "Tab") { close(false); return; }
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); if (e.key === "Enter" && active >= 0) choose(targets[active]); }
  };
  const onListKeyUp = (e) => { if (e.key === " " && active >= 0) { e.preventDefault(); choose(targets[active]); } };
  const menuId = `move-menu-${card.number}`;
  return (
    <div ref={root} className="move-menu-root">
      {/* aria-disabled, not disabled, while the card waits for the server: it keeps the focus. */}
      <button ref={button} type="button" className="move-menu-button" aria-disabled={disabled ? "true" : undefined} aria-haspopup="menu"
        aria-expanded={open} aria-controls={open ? menuId : undefined} aria-label={`${labels.moveTo} (${card.number})`}
        onKeyDown={onButtonKey} onClick={() => (disabled ? null : open ? close(true) : (setActive(-1), setOpen(true)))}
        style={{ fontSize: 12, padding: "2px 6px", borderRadius: 6, border: "1px solid #d0d7de", background: "#f6f8fa", cursor: disabled ? "default" : "pointer" }}>
        {card.pending ? labels.moving : labels.moveTo} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul ref={list} id={menuId} role="menu" tabIndex={-1} className="move-menu" aria-label={fill(labels.moveMenu, { number: card.number })}
          onKeyDown={onListKey} onKeyUp={onListKeyUp}
          style={{ listStyle: "none", margin: "4px 0 0", padding: 4, border: "1px solid #d0d7de", borderRadius: 6, background: "#fff", outline: "none" }}>
          {targets.map((stage, i) => (
            <li key={stage} role="menuitem" tabIndex={-1} data-stage={stage} onClick={() => choose(stage)} onMouseEnter={() => setActive(i)}
              style={{ fontSize: 12, padding: "3px 6px", borderRadius: 4, cursor: "pointer", outline: i === active ? "2px solid #0969da" : "none",
                background: i === active ? "#ddf4ff" : "transparent" }}>
              {stageName(labels, stage)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// What the card's own tools (select, assign) need from the board: the selection and the outlet's staff.
const BoardTools = createContext(null);

// The card's checkbox: selects it for the bulk bar.
function CardSelect({ card, labels }) {
  const tools = useContext(BoardTools);
  if (!tools) return null;
  return (
    <input type="checkbox" className="card-select" checked={tools.selected.includes(card.number)} onChange={() => tools.toggle(card.number)}
      aria-label={fill(labels.selectCard, { number: card.number })} style={{ margin: "4px 0 0", cursor: "pointer" }} />
  );
}

// "Assign ▾": a button that opens the outlet's staff as buttons (nothing happens before a name is chosen).
function AssignControl({ card, labels, disabled }) {
  const tools = useContext(BoardTools);
  const [open, setOpen] = useState(false);
  if (!tools || !tools.canAssign || tools.staff.length === 0) return null;
  const pick = (id) => { setOpen(false); tools.onAssign(card.number, card.version, id); };
  const people = [...tools.staff, ["none", labels.assignNobody]];
  return (
    <div className="assign-control" onKeyDown={(e) => { if (e.key === "Escape") { e.stopPropagation(); setOpen(false); } }}>
      <button type="button" className="assign-button" aria-expanded={open} aria-disabled={disabled ? "true" : undefined}
        aria-label={`${labels.assign} (${card.number})`} onClick={() => (disabled ? null : setOpen(!open))}
        style={{ fontSize: 12, padding: "2px 6px", borderRadius: 6, border: "1px solid #d0d7de", background: "#f6f8fa", cursor: "pointer" }}>
        {labels.assign} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div role="group" className="assign-list" aria-label={fill(labels.assignList, { number: card.number })}
          style={{ display: "flex", flexDirection: "column", gap: 2, marginTop: 4, padding: 4, border: "1px solid #d0d7de", borderRadius: 6, background: "#fff" }}>
          {people.map(([id, name]) => (
            <button key={id} type="button" data-assignee={id} aria-current={name === card.assignee ? "true" : undefined} onClick={() => pick(id)}
              style={{ fontSize: 12, textAlign: "left", border: "none", background: name === card.assignee ? "#ddf4ff" : "transparent", padding: "3px 6px", cursor: "pointer" }}>
              {name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

// The card's own tools in one row: its checkbox (the bulk bar) and "Assign".
function CardTools({ card, labels }) {
  return (
    <div className="card-tools" style={{ display: "flex", gap: 6, alignItems: "flex-start" }}>
      <CardSelect card={card} labels={labels} />
      <AssignControl card={card} labels={labels} disabled={!!card.pending} />
    </div>
  );
}

// Above the board while cards are selected: "N selected: Assign to… / Move to…".
function BulkBar({ chosen, labels, tools, onBulk, onClear }) {
  const [person, setPerson] = useState("");
  const [stage, setStage] = useState("");
  if (chosen.length === 0) return null;
  const items = chosen.map((c) => [c.number, c.version]);
  const stages = Object.keys(labels.names).filter((k) => k.startsWith("stage.")).map((k) => k.slice(6));
  const field = { fontSize: 12, padding: "2px 4px", borderRadius: 6, border: "1px solid #d0d7de" };
  const run = (action, value) => { if (value) { onBulk(items, action, value); onClear(); } };
  return (
    <div className="bulk-bar" role="region" aria-label={fill(labels.selected, { n: chosen.length })}
      style={{ display: "flex", alignItems: "center", gap: 8, flexWrap: "wrap", padding: "6px 10px", marginBottom: 8, border: "1px solid #0969da", borderRadius: 8, background: "#ddf4ff", fontSize: 13 }}>
      <strong className="bulk-count">{fill(labels.selected, { n: chosen.length })}</strong>
      {tools.canAssign && tools.staff.length > 0 && (
        <span style={{ display: "flex", gap: 4 }}>
          <select id="bulk-assignee" aria-label={labels.bulkAssign} value={person} onChange={(e) => setPerson(e.target.value)} style={field}>
            <option value="">{labels.bulkAssign}</option>
            {[...tools.staff, ["none", labels.assignNobody]].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </select>
          <button type="button" id="bulk-assign" disabled={!person} onClick={() => run("assign", person)} style={field}>{labels.bulkApplyAssign}</button>
        </span>
      )}
      <span style={{ display: "flex", gap: 4 }}>
        <select id="bulk-stage" aria-label={labels.bulkMove} value={stage} onChange={(e) => setStage(e.target.value)} style={field}>
          <option value="">{labels.bulkMove}</option>
          {stages.map((s) => <option key={s} value={s}>{stageName(labels, s)}</option>)}
        </select>
        <button type="button" id="bulk-move" disabled={!stage} onClick={() => run("move", stage)} style={field}>{labels.bulkApplyMove}</button>
      </span>
      <button type="button" id="bulk-clear" onClick={onClear} style={{ ...field, background: "#fff" }}>{labels.bulkClear}</button>
    </div>
  );
}

// A card placed ahead of the server's answer is a "kanban-card-pending" (not yet a "kanban-card").
const cardClass = (card, overlay) => (overlay ? "kanban-card-overlay" : card.pending ? "kanban-card-pending" : "kanban-card");

function CardBody({ card, labels, onMove, dragHandle, overlay = false }) {
  const name = (key) => labels.names[key] || key;
  return (
    <div className={cardClass(card, overlay)} data-number={card.number} data-stage={card.stage} aria-busy={card.pending ? "true" : undefined}
      style={{ background: "#fff", border: `1px ${card.pending ? "dashed" : "solid"} #d0d7de`, borderRadius: 8, padding: "6px 8px",
        display: "flex", flexDirection: "column", gap: 4, opacity: card.pending ? 0.75 : 1 }}>
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
      {card.waybill && <div className="card-waybill" style={{ fontSize: 11, color: "#57606a" }}>{labels.waybill} {card.waybill}</div>}
      <div style={{ fontSize: 11, color: "#57606a" }}>{card.assignee || labels.unassigned} · {labels.age} <span className="card-age">{ageText(labels, card.age)}</span></div>
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
      {!overlay && <CardTools card={card} labels={labels} />}
      {card.targets.length > 0 && (
        <MoveMenu card={card} labels={labels} disabled={overlay || !!card.pending} onChoose={(stage) => onMove(card.number, card.version, stage)} />
      )}
    </div>
  );
}

// Cards and columns are memoised: a patch re-renders the changed cards and the columns whose
// cards or count changed, not the whole board (a move then costs the browser a few ms).
const DraggableCard = memo(function DraggableCard({ card, labels, onMove }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.number, data: card, disabled: !!card.pending });
  return (
    <div ref={setNodeRef} style={{ opacity: isDragging ? 0.4 : 1 }}>
      <CardBody card={card} labels={labels} onMove={onMove} dragHandle={{ ...listeners, ...attributes }} />
    </div>
  );
});

// What a column says under a dragged card: "Drop here" where it may go, why not where it may not.
function DropHint({ column, labels, dragging, isOver, target }) {
  if (!dragging || !isOver || dragging.stage === column.stage) return null;
  const style = { fontSize: 12, borderRadius: 6, padding: "10px 6px", textAlign: "center" };
  return target
    ? <div className="drop-here" style={{ ...style, border: "2px dashed #0969da", color: "#0550ae", background: "#fff" }}>{labels.dropHere}</div>
    : <div className="drop-refused" style={{ ...style, border: "1px solid #cf222e", color: "#a40e26", background: "#fff" }}>{unreachable(labels, dragging, column.stage)}</div>;
}

// The column itself is the drop target, as tall as the board (an empty column is not just its header).
const columnStyle = (target, over, dimmed) => ({
  flex: "1 0 200px", minWidth: 200, maxWidth: 300, background: over && target ? "#ddf4ff" : "#f6f8fa",
  border: `${over && target ? 2 : 1}px ${target ? "dashed #0969da" : "solid #d0d7de"}`, borderRadius: 10, padding: 8,
  display: "flex", flexDirection: "column", gap: 8, opacity: dimmed ? 0.5 : 1,
  minHeight: "min(480px, calc(100vh - 220px))", maxHeight: "calc(100vh - 220px)", overflowY: "auto", boxSizing: "border-box",
});

const Column = memo(function Column({ column, labels, onMove, onShowMore, dragging }) {
  const { setNodeRef, isOver } = useDroppable({ id: column.stage });
  const target = !!dragging && dragging.targets.includes(column.stage);
  const label = labels.names[`stage.${column.stage}`];
  const dimmed = dragging && !target && dragging.stage !== column.stage && !isOver;
  return (
    <section ref={setNodeRef} className="kanban-column" data-stage={column.stage} aria-label={label} data-drop={dragging && isOver ? (target ? "allowed" : "refused") : undefined}
      style={columnStyle(target, isOver, dimmed)}>
      <header style={{ display: "flex", alignItems: "baseline", gap: 6, position: "sticky", top: 0, background: "inherit" }}>
        <strong style={{ fontSize: 13 }}>{label}</strong>
        <span className="column-count" style={{ fontSize: 12, color: "#57606a" }}>{column.count}</span>
      </header>
      <DropHint column={column} labels={labels} dragging={dragging} isOver={isOver} target={target} />
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

// The moves waiting for the server (number -> {stage, token}) lose the cards a patch answers for.
export function settle(pending, patch) {
  const answered = [...(patch.settled || []), ...(patch.removed || []), ...(patch.cards || []).map((c) => c.number)];
  if (!answered.some((n) => n in pending)) return pending;
  const rest = { ...pending };
  answered.forEach((n) => delete rest[n]);
  return rest;
}

// The board as the user sees it: the server's columns with each pending card already in its target column.
export function placePending(columns, pending) {
  const moving = {};
  for (const column of columns) {
    for (const card of column.cards) {
      const to = pending[card.number];
      if (to && to.stage !== column.stage) moving[card.number] = { ...card, stage: to.stage, pending: true };
    }
  }
  if (Object.keys(moving).length === 0) return columns;
  return columns.map((column) => {
    const leaving = column.cards.filter((c) => moving[c.number]).length;
    const arriving = Object.values(moving).filter((c) => c.stage === column.stage);
    if (leaving === 0 && arriving.length === 0) return column;
    const cards = [...column.cards.filter((c) => !moving[c.number]), ...arriving].sort(byRank);
    return { ...column, cards, count: column.count - leaving + arriving.length };
  });
}

const findCard = (columns, number) => {
  for (const column of columns) {
    const card = column.cards.find((c) => c.number === number);
    if (card) return card;
  }
  return null;
};

// Where a card is dropped: the column under the pointer (dnd-kit's pointerWithin); the keyboard
// sensor, and a pointer between two columns, fall back to the largest overlap.
const collisions = (args) => {
  const under = args.pointerCoordinates ? pointerWithin(args) : [];
  return under.length > 0 ? under : rectIntersection(args);
};

// Said in a toast: Reflex's toaster (sonner) is a polite live region, so screen readers hear it too.
const say = (title, description) => toast.error(title, { description, id: "board-refusal" });

// What dnd-kit's live region says during a keyboard or pointer drag, in the user's language.
function dragAnnouncements(labels) {
  const said = (key, active, over) => fill(labels.dnd[key], { number: active.id, stage: over ? stageName(labels, over.id) : "" });
  const overText = (key, active, over) => {
    const card = active.data.current;
    const refused = over && card && over.id !== card.stage && !card.targets.includes(String(over.id));
    return refused ? unreachable(labels, card, String(over.id)) : said(key, active, over);
  };
  return {
    screenReaderInstructions: { draggable: labels.dnd.instructions },
    announcements: {
      onDragStart: ({ active }) => said("picked", active),
      onDragOver: ({ active, over }) => (over ? overText("over", active, over) : undefined),
      onDragEnd: ({ active, over }) => (over ? overText("dropped", active, over) : said("cancelled", active)),
      onDragCancel: ({ active }) => said("cancelled", active),
    },
  };
}

let moveToken = 0;

// Phones (#17): the board is a stage switcher, one stage's cards at the page's width.
function useNarrow(query = "(max-width: 640px)") {
  const [narrow, setNarrow] = useState(() => typeof window !== "undefined" && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const changed = () => setNarrow(list.matches);
    changed();
    list.addEventListener("change", changed);
    return () => list.removeEventListener("change", changed);
  }, [query]);
  return narrow;
}

function StageSwitcher({ board, labels, chosen, onChoose }) {
  return (
    <div className="stage-switcher" role="tablist" aria-label={labels.stages}
      style={{ display: "flex", gap: 6, overflowX: "auto", paddingBottom: 6, maxWidth: "100%" }}>
      {board.map((column) => {
        const on = column.stage === chosen;
        return (
          <button key={column.stage} type="button" role="tab" aria-selected={on} className="stage-tab" data-stage={column.stage}
            onClick={() => onChoose(column.stage)}
            style={{ flex: "0 0 auto", fontSize: 13, padding: "4px 10px", borderRadius: 999, border: "1px solid #d0d7de",
              background: on ? "#0550ae" : "#fff", color: on ? "#fff" : "#24292f", whiteSpace: "nowrap" }}>
            {labels.names[`stage.${column.stage}`]} <span className="stage-tab-count">{column.count}</span>
          </button>
        );
      })}
    </div>
  );
}

// The selection, the staff and the assign handler the cards' tools read (BoardTools).
function useBoardTools(board, staff, canAssign, onAssign) {
  const [selected, setSelected] = useState([]);
  const assignRef = useRef(onAssign);
  assignRef.current = onAssign;
  const toggle = useCallback((n) => setSelected((s) => (s.includes(n) ? s.filter((x) => x !== n) : [...s, n])), []);
  const clear = useCallback(() => setSelected([]), []);
  const staffKey = JSON.stringify(staff || []);
  const tools = useMemo(() => ({
    selected, toggle, canAssign: !!canAssign, staff: JSON.parse(staffKey), onAssign: (...args) => assignRef.current(...args),
  }), [selected, toggle, canAssign, staffKey]);
  const chosen = selected.map((n) => findCard(board, n)).filter((c) => c && !c.pending); // each with the version the board has
  return { tools, chosen, clear };
}

export function KanbanBoard({ columns, patch, labels, onMove, onShowMore, onKeepLive, heartbeatMs, staff, canAssign, onAssign, onBulk }) {
  const [dragging, setDragging] = useState(null);
  // The board is derived while rendering (no effect, so no second render): a new `columns`
  // replaces it, a new `patch` is applied to it once and answers for the moves it names.
  const [shown, setShown] = useState({ columns, patch: null, board: columns || [], pending: {} });
  let current = shown;
  if (columns !== shown.columns) current = { columns, patch: null, board: columns || [], pending: {} };
  if (patch && patch.seq && patch !== current.patch) {
    current = { ...current, patch, board: applyPatch(current.board, patch), pending: settle(current.pending, patch) };
  }
  if (current !== shown) setShown(current);
  const board = useMemo(() => placePending(current.board, current.pending), [current.board, current.pending]);
  // Stable props for the memoised columns and cards (Reflex hands new functions and objects each render).
  const labelsKey = JSON.stringify(labels);
  const stableLabels = useMemo(() => labels, [labelsKey]);
  const accessibility = useMemo(() => dragAnnouncements(stableLabels), [stableLabels]);
  const labelsRef = useRef(stableLabels);
  labelsRef.current = stableLabels;
  const serverBoard = useRef(current.board);
  serverBoard.current = current.board;
  const pendingRef = useRef(current.pending);
  pendingRef.current = current.pending;
  const moveRef = useRef(onMove);
  moveRef.current = onMove;
  const move = useCallback((number, version, stage) => {
    const card = findCard(serverBoard.current, number);
    if (card && !(card.forms || []).includes(stage)) {
      const token = ++moveToken;
      setShown((s) => ({ ...s, pending: { ...s.pending, [number]: { stage, token } } }));
      window.setTimeout(() => {
        if (!pendingRef.current[number] || pendingRef.current[number].token !== token) return;
        setShown((s) => (s.pending[number] && s.pending[number].token === token ? { ...s, pending: settle(s.pending, { settled: [number] }) } : s));
        say(fill(labelsRef.current.unanswered, { number, stage: stageName(labelsRef.current, card.stage) }));
      }, UNANSWERED_MS);
    }
    moveRef.current(number, version, stage);
  }, []);
  const moreRef = useRef(onShowMore);
  moreRef.current = onShowMore;
  const showMore = useCallback((...args) => moreRef.current(...args), []);
  // The heartbeat that keeps the server's live watch going across websocket reconnects.
  const keepLive = useRef(onKeepLive);
  keepLive.current = onKeepLive;
  useEffect(() => {
    const timer = window.setInterval(() => keepLive.current && keepLive.current(), heartbeatMs || 20000);
    return () => window.clearInterval(timer);
  }, [heartbeatMs]);
  const { tools, chosen, clear } = useBoardTools(board, staff, canAssign, onAssign);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const drop = ({ active, over }) => {
    const card = active.data.current;
    setDragging(null);
    if (!over || !card || over.id === card.stage) return;
    if (!card.targets.includes(String(over.id))) say(unreachable(stableLabels, card, String(over.id)), stableLabels.notAllowed);
    else move(card.number, card.version, String(over.id));
  };
  const narrow = useNarrow();
  const [chosenStage, setChosenStage] = useState(null);
  const phoneStage = chosenStage || ((board.find((column) => column.count > 0) || board[0] || {}).stage);
  // Near an edge, dnd-kit scrolls the nearest scrollable container first (the column, then the board);
  // the page itself never scrolls sideways (the board is no wider than it), so it is the board that does.
  return (
    <BoardTools.Provider value={tools}>
    <BulkBar chosen={chosen} labels={stableLabels} tools={tools} onBulk={onBulk} onClear={clear} />
    <DndContext sensors={sensors} collisionDetection={collisions} accessibility={accessibility}
      onDragStart={({ active }) => setDragging(active.data.current)}
      onDragCancel={() => setDragging(null)}
      onDragEnd={drop}>
      {/* The board takes the page's width and no more: its columns scroll sideways inside it (1440 px screens). */}
      {narrow && <StageSwitcher board={board} labels={stableLabels} chosen={phoneStage} onChoose={setChosenStage} />}
      <div className={narrow ? "kanban kanban-narrow" : "kanban"} style={{ display: "flex", gap: 10, overflowX: "auto",
        alignItems: "stretch", paddingBottom: 8, width: "100%", maxWidth: "100%", minWidth: 0 }}>
        {board.filter((column) => !narrow || column.stage === phoneStage).map((column) => (
          <Column key={column.stage} column={column} labels={stableLabels} onMove={move} onShowMore={showMore} dragging={dragging} />
        ))}
      </div>
      {/* No drop animation: the card is already placed in its target column (or refused, and stays). */}
      <DragOverlay dropAnimation={null}>
        {dragging ? <CardBody card={dragging} labels={stableLabels} onMove={() => {}} dragHandle={{}} overlay /> : null}
      </DragOverlay>
    </DndContext>
    </BoardTools.Provider>
  );
}
