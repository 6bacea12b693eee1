// Live SLA badges. The server sends each clock's due time and the moment it turns
// at-risk; the browser counts down every second by itself, with no server round trip.
import { useEffect, useState } from "react";
import { CircleCheck, CirclePause, CircleX, Clock, OctagonAlert, TriangleAlert } from "lucide-react";

const LOOK = {
  on_track: { icon: Clock, fg: "#1a7f37", bg: "#dafbe1", border: "#4ac26b" },
  at_risk: { icon: TriangleAlert, fg: "#8a4600", bg: "#fff1c2", border: "#d4a72c" },
  breached: { icon: OctagonAlert, fg: "#ffffff", bg: "#cf222e", border: "#a40e26" },
  paused: { icon: CirclePause, fg: "#3d4b5c", bg: "#eaeef2", border: "#afb8c1" },
  met: { icon: CircleCheck, fg: "#1a7f37", bg: "#ffffff", border: "#4ac26b" },
  missed: { icon: CircleX, fg: "#a40e26", bg: "#ffffff", border: "#cf222e" },
};

function duration(ms, u) {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}${u.d} ${hours}${u.h}`;
  if (hours > 0) return `${hours}${u.h} ${minutes}${u.m}`;
  return `${minutes}${u.m} ${String(seconds).padStart(2, "0")}${u.s}`;
}

export function stateAt(clock, now) {
  if (clock.frozen) return clock.frozen;
  if (now >= clock.due) return "breached";
  if (now >= clock.riskAt) return "at_risk";
  return "on_track";
}

function Badge({ clock, now, labels, prominent }) {
  const state = stateAt(clock, now);
  const look = LOOK[state];
  const Icon = look.icon;
  // The response clock names itself; the resolution clock is the default reading.
  const named = (key) => (clock.kind === "response" ? labels[`response_${key}`] : labels[key]);
  let text;
  if (state === "breached") text = `${named("overdue")} ${duration(now - clock.due, labels.units)}`;
  else if (state === "on_track" || state === "at_risk")
    text = `${clock.kind === "response" ? labels.respond_in : labels.resolve_in} ${duration(clock.due - now, labels.units)}`;
  else text = named(state);
  return (
    <span
      title={clock.title}
      data-state={state}
      data-kind={clock.kind}
      className="sla-badge"
      style={{
        display: "inline-flex",
        alignItems: "center",
        gap: "4px",
        padding: prominent ? "2px 8px" : "1px 6px",
        borderRadius: "999px",
        border: `1px solid ${look.border}`,
        background: look.bg,
        color: look.fg,
        fontSize: prominent ? "13px" : "11px",
        fontWeight: prominent ? 600 : 500,
        maxWidth: "100%",
        fontVariantNumeric: "tabular-nums",
      }}
    >
      <Icon size={prominent ? 14 : 12} aria-hidden="true" />
      <span>{text}</span>
    </span>
  );
}

export function SlaBadges({ clocks, labels }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const list = clocks || [];
  const live = list.filter((c) => !c.frozen);
  // The nearest live clock leads; when both have stopped, the resolution clock does.
  const nearest = live.length ? live.reduce((a, b) => (a.due <= b.due ? a : b)) : list[list.length - 1];
  return (
    <span style={{ display: "inline-flex", gap: "6px", alignItems: "center", flexWrap: "wrap" }}>
      {list.map((clock) => (
        <Badge key={clock.kind} clock={clock} now={now} labels={labels} prominent={clock === nearest} />
      ))}
    </span>
  );
}
