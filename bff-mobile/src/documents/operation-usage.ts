import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";

/** The kinds of schema coordinates an operation uses (see {@link OperationUsage}). */
const USAGE_KINDS = [
  /** Output fields selected, on the type that declares them (e.g. "Product.rating"). */
  "fields",
  /** Arguments written in the document, literally or as a variable (e.g. "Query.products.first"). */
  "arguments",
  /** Input object types the app builds at run time: reachable from a variable's type. */
  "sentInputTypes",
  /** Enum types the app may send at run time: reachable from a variable's type. */
  "sentEnums",
  /** Enum types of selected fields: the app reads their values. */
  "readEnums",
  /** Unions and interfaces of selected fields: the app meets their possible types. */
  "readAbstractTypes",
  /** Enum values written in the document (e.g. "OrderStatus.SHIPPED"). */
  "enumLiterals",
  /** Input object fields written in the document (e.g. "PlaceOrderInput.lines"). */
  "inputFieldLiterals",
] as const;

/**
 * The schema coordinates one operation depends on, by kind (see USAGE_KINDS), found by walking it
 * with `TypeInfo` over a schema (the one it was written for). Coordinates are `Type.field`,
 * `Type.field.argument`, `Enum.VALUE`, `Input.field` or a type name; elements the schema does not
 * know are skipped.
 */
export type OperationUsage = { readonly [K in (typeof USAGE_KINDS)[number]]: ReadonlySet<string> };

/** The coordinates `document` uses in `schema` (see {@link OperationUsage}). */
export function operationUsage(schema: GraphQLSchema, document: DocumentNode): OperationUsage {
  const usage = Object.fromEntries(USAGE_KINDS.map((kind) => [kind, new Set<string>()])) as {
    readonly [K in keyof OperationUsage]: Set<string>;
  };
  const typeInfo = new TypeInfo(schema);
  const fieldCoordinate = () => {
    const parent = typeInfo.getParentType();
    const field = typeInfo.getFieldDef();
    return parent && field ? `${parent.name}.${field.name}` : undefined;
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type) as GraphQLInputType | undefined;
        if (type) addSentTypes(type, usage.sentInputTypes, usage.sentEnums);
      },
      Field(node) {
        const coordinate = fieldCoordinate();
        if (!coordinate || node.name.value.startsWith("__")) return;
        usage.fields.add(coordinate);
        const named = getNamedType(typeInfo.getFieldDef()!.type);
        if (isEnumType(named)) usage.readEnums.add(named.name);
        if (isAbstractType(named)) usage.readAbstractTypes.add(named.name);
      },
      Argument(node) {
        const coordinate = typeInfo.getDirective() ? undefined : fieldCoordinate();
        if (coordinate && typeInfo.getArgument()) usage.arguments.add(`${coordinate}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        const named = type ? getNamedType(type) : undefined;
        if (isEnumType(named)) usage.enumLiterals.add(`${named.name}.${node.value}`);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const named = parent ? getNamedType(parent) : undefined;
        if (isInputObjectType(named)) usage.inputFieldLiterals.add(`${named.name}.${node.name.value}`);
      },
    }),
  );
  return usage;
}

/** Every input object and enum type a value of `type` can contain. */
function addSentTypes(type: GraphQLInputType, inputs: Set<string>, enums: Set<string>): void {
  const named = getNamedType(type);
  if (isEnumType(named)) enums.add(named.name);
  if (!isInputObjectType(named) || inputs.has(named.name)) return;
  inputs.add(named.name);
  for (const field of Object.values(named.getFields())) addSentTypes(field.type, inputs, enums);
}
