// The slot names of API Setu v2: `09:00AM-11:00AM`, as sessions list them and an appointment
// names its slot.

/** The names made so far (there are few distinct ones). */
const slotNames = new Map<string, string>();

/** `09:00`–`11:00` → `09:00AM-11:00AM`. */
export function slotName(from: string, to: string): string {
  const key = `${from}-${to}`;
  let name = slotNames.get(key);
  if (name === undefined) {
    name = formatSlotName(from, to);
    if (slotNames.size >= 10_000) slotNames.clear();
    slotNames.set(key, name);
  }
  return name;
}

function formatSlotName(from: string, to: string): string {
  const fmt = (t: string) => {
    const [h, m] = t.split(':').map(Number);
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return `${String(h12).padStart(2, '0')}:${String(m).padStart(2, '0')}${h < 12 ? 'AM' : 'PM'}`;
  };
  return `${fmt(from)}-${fmt(to)}`;
}
