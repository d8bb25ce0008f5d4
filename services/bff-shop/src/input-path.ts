/** A service's field path in the mutation's spelling: "lines[0].product_id" → "input.lines[0].productId". */
export function inputPath(field: string): string {
  return `input.${field.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}`;
}
