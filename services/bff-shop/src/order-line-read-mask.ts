import type { ReadEntity, ReadMaskTypeMapping } from "@shop/bff-kit";

/**
 * The read-mask paths of an order line as both BFFs show it (`OrderLine`: quantity, unit price,
 * line total, product): nested paths of the order entity, so reading a line's product asks the
 * orders service for the product ids and nothing else of the line.
 */
export const ORDER_LINE_READ_MASK: ReadMaskTypeMapping<ReadEntity> = {
  entity: "order",
  fields: {
    quantity: ["lines.quantity"],
    unitPrice: ["lines.unit_price"],
    lineTotal: ["lines.line_total"],
    product: ["lines.product_id"],
  },
};
