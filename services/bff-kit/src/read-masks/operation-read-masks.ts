import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  NamedTypeNode,
  SelectionSetNode,
} from "graphql";
// `graphql/index.js`, not `graphql`: the same copy of graphql as the Pothos-built schema (see README).
import { getNamedType, getOperationAST, isAbstractType, isObjectType, Kind } from "graphql/index.js";
import { declaredPathsOf, typeMappingOf, type ReadMaskMapping, type ReadMaskTypeMapping } from "./mapping.js";
import { sortedPaths } from "./mask-paths.js";

/**
 * Per backend entity, the paths one operation reads: sorted, each once, never empty. An entity
 * the operation never selects is absent, and so is one whose selection includes a field the
 * mapping does not declare: absent means "no mask decision", and the caller reads every field.
 */
export type OperationReadMasks<E extends string> = Readonly<Partial<Record<E, readonly string[]>>>;

/**
 * The path in every mask this module returns. AIP-157 reads an empty mask as "every field", so an
 * entity selected only for `id` or `__typename` must still send a non-empty mask; `id` is the
 * field every service returns anyway. Putting it in every mask (not only otherwise empty ones)
 * also lets a cached entity read with any mask cover an id-only need.
 */
const ALWAYS_READ = "id";

/** The result when the operation cannot be found: no mask decision for any entity. */
const NO_DECISION: OperationReadMasks<never> = Object.freeze({});

/** One computed result, valid only for the schema and mapping it was computed with. */
interface CachedMasks {
  readonly schema: GraphQLSchema;
  readonly mapping: ReadMaskMapping<string>;
  readonly masks: OperationReadMasks<string>;
}

/**
 * Results per parsed document, then per operation name (null when none was given). Yoga's parse cache hands the same DocumentNode to every request with the same
 * text, so each operation is walked once; a document that is no longer used is collected.
 */
const cache = new WeakMap<DocumentNode, Map<string | null, CachedMasks>>();

/**
 * The read mask of each backend entity that an operation selects: the union of the declared paths
 * of every field selected on any mapped type of that entity, anywhere in the operation (through
 * aliases, named and inline fragments, interfaces, unions and unmapped types such as connections),
 * plus `id`. @skip and @include are ignored: reading more than needed is always safe.
 *
 * `operationName` picks the operation as execution does: by name, or the only one when none is
 * given. When that finds no operation (yoga refuses such a request anyway) every entity is absent.
 * The result is frozen and cached per (document, operation name): call it on every request.
 */
export function operationReadMasks<E extends string>(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  mapping: ReadMaskMapping<E>,
): OperationReadMasks<E> {
  const key = operationName ?? null;
  const cached = cache.get(document)?.get(key);
  if (cached !== undefined && cached.schema === schema && cached.mapping === mapping) return cached.masks as OperationReadMasks<E>;

  const operation = getOperationAST(document, operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  // Not cached: a client could otherwise grow the cache of a document with made-up names.
  if (!operation || !rootType) return NO_DECISION;

  const masks = new MaskCollector(schema, document, mapping).collect(operation.selectionSet, rootType);
  const entries = cache.get(document) ?? new Map<string | null, CachedMasks>();
  entries.set(key, { schema, mapping, masks });
  cache.set(document, entries);
  return masks;
}

/**
 * One walk of one operation. The walk visits each selection set once per concrete object type it
 * can apply to, which is how execution sees it: a field selected on an interface or through an
 * untyped fragment applies to each possible object type, a fragment applies only to the object
 * types its condition matches, and a field's sub-selection applies to every object type its
 * return type can be.
 */
class MaskCollector<E extends string> {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  /** Per selection set, the object types it has been visited with; a second visit adds nothing, so cyclic spreads end. */
  private readonly visited = new Map<SelectionSetNode, Set<GraphQLObjectType>>();
  private readonly paths = new Map<E, Set<string>>();
  /** Entities with a selected field the mapping does not declare: they get no mask, which would miss what that field reads. */
  private readonly undeclared = new Set<E>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly mapping: ReadMaskMapping<E>,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  collect(selectionSet: SelectionSetNode, rootType: GraphQLObjectType): OperationReadMasks<E> {
    this.visit(selectionSet, rootType);
    const masks: Partial<Record<E, readonly string[]>> = {};
    for (const [entity, paths] of this.paths) {
      if (!this.undeclared.has(entity)) masks[entity] = Object.freeze(sortedPaths([...paths, ALWAYS_READ]));
    }
    return Object.freeze(masks);
  }

  private visit(selectionSet: SelectionSetNode, type: GraphQLObjectType): void {
    const seenTypes = this.visited.get(selectionSet) ?? new Set<GraphQLObjectType>();
    if (seenTypes.has(type)) return;
    seenTypes.add(type);
    this.visited.set(selectionSet, seenTypes);

    const typeMapping = typeMappingOf(this.mapping, type.name);
    // Selecting a mapped type at all (even just its __typename) means its entity is read.
    if (typeMapping !== undefined) this.pathsOf(typeMapping.entity);

    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          this.visitField(selection, type, typeMapping);
          break;
        case Kind.INLINE_FRAGMENT:
          if (this.conditionMatches(selection.typeCondition, type)) this.visit(selection.selectionSet, type);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const fragment = this.fragments.get(selection.name.value);
          if (fragment !== undefined && this.conditionMatches(fragment.typeCondition, type)) this.visit(fragment.selectionSet, type);
          break;
        }
      }
    }
  }

  private visitField(field: FieldNode, type: GraphQLObjectType, typeMapping: ReadMaskTypeMapping<E> | undefined): void {
    const fieldName = field.name.value;
    // Meta fields (__typename, and introspection on the root) read nothing from a backend.
    if (fieldName.startsWith("__")) return;
    if (typeMapping !== undefined) this.addPaths(typeMapping, fieldName);

    const definition = type.getFields()[fieldName];
    if (definition === undefined || field.selectionSet === undefined) return;
    for (const objectType of this.objectTypesOf(getNamedType(definition.type))) this.visit(field.selectionSet, objectType);
  }

  private addPaths(typeMapping: ReadMaskTypeMapping<E>, fieldName: string): void {
    const declared = declaredPathsOf(typeMapping, fieldName);
    if (declared === undefined) {
      this.undeclared.add(typeMapping.entity);
      return;
    }
    const entityPaths = this.pathsOf(typeMapping.entity);
    for (const path of declared) entityPaths.add(path);
  }

  /** The paths collected for an entity so far; being in `paths` is what makes an entity selected. */
  private pathsOf(entity: E): Set<string> {
    const entityPaths = this.paths.get(entity) ?? new Set<string>();
    this.paths.set(entity, entityPaths);
    return entityPaths;
  }

  /** The object types a value of `type` can be: itself, every possible type of an interface or union, none for a leaf. */
  private objectTypesOf(type: GraphQLNamedType): readonly GraphQLObjectType[] {
    if (isObjectType(type)) return [type];
    if (isAbstractType(type)) return this.schema.getPossibleTypes(type);
    return [];
  }

  /** Whether a fragment with this type condition applies to an object of `type`, as execution decides it. */
  private conditionMatches(condition: NamedTypeNode | undefined, type: GraphQLObjectType): boolean {
    if (condition === undefined) return true;
    const conditionType = this.schema.getType(condition.name.value);
    if (conditionType === type) return true;
    return isAbstractType(conditionType) && this.schema.isSubType(conditionType, type);
  }
}
