/** Product areas match whatever their case and spacing: "Identity " is "identity". */
export function productAreaKey(area: string): string {
  return area.trim().toLowerCase();
}
