'use strict';
/**
 * The JSON schema of one output item of each SDK method, read from the SDK's TypeScript declaration of
 * what the method returns: the object (`Stripe.Customer`), the item of a list or a search
 * (`ApiListPromise<T>`), v2 types alike. n8n's editor shows it as the node's output before any run.
 *
 * - An expandable field (`string | Stripe.Customer`) is the string Stripe gives unless asked to expand.
 * - Nullable scalars are `["string", "null"]`, as n8n's own schemas write them. Nullable objects and
 *   lists keep `"type": "object"` / `"array"` with `"nullable": true` (OpenAPI's keyword, which Ajv
 *   knows): the editor only opens a field whose type is exactly "object" or "array".
 * - Decimals and 64-bit integers are strings: the node gives their text.
 * - No field is `required`: the declarations mark fields that only some answers carry (`includable`
 *   ones) as optional, and n8n only reads `properties`.
 * - Objects nest DEPTH levels deep (the item's fields are level 1); an object below is `{"type": "object"}`.
 */
const path = require('path');
const ts = require('typescript');

const RESOURCES = path.join(__dirname, '../../node_modules/stripe/cjs/resources');

/** Levels of fields described: the item's, their fields, and theirs; enough to map, small enough to load fast. */
const DEPTH = 3;

function createSchemaReader(checker) {
	const symbolName = (type) => (type.aliasSymbol ?? type.getSymbol())?.getName();
	const has = (type, flags) => (type.flags & flags) !== 0;
	const isStringLike = (t) =>
		has(
			t,
			ts.TypeFlags.String |
				ts.TypeFlags.StringLiteral |
				ts.TypeFlags.TemplateLiteral |
				ts.TypeFlags.BigInt |
				ts.TypeFlags.BigIntLiteral,
		) ||
		symbolName(t) === 'Decimal' ||
		// Stripe's OtherString (`string & {}`), the open end of a list of known values.
		(t.isIntersection() && t.types.some((x) => has(x, ts.TypeFlags.String)));

	/** Every member of the given types, unions taken apart. */
	const flatten = (types) => types.flatMap((t) => (t.isUnion() ? flatten(t.types) : [t]));

	/** The schema of a value of any of `types` at `level` (the item is level 0). */
	function schemaOf(types, level) {
		const parts = flatten(types);
		const nullable = parts.some((t) => has(t, ts.TypeFlags.Null));
		const given = parts.filter(
			(t) => !has(t, ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void),
		);
		if (given.some((t) => has(t, ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return {};
		if (!given.length) return nullable ? { type: 'null' } : undefined;
		const strings = given.some(isStringLike);
		const numbers = given.some((t) => has(t, ts.TypeFlags.NumberLike));
		const booleans = given.some((t) => has(t, ts.TypeFlags.BooleanLike));
		const rest = given.filter(
			(t) =>
				!isStringLike(t) && !has(t, ts.TypeFlags.NumberLike) && !has(t, ts.TypeFlags.BooleanLike),
		);
		// An expandable field: its ID, unless the request asks Stripe to expand it.
		const arrays = strings ? [] : rest.filter((t) => checker.isArrayType(t));
		const objects = strings ? [] : rest.filter((t) => !checker.isArrayType(t));
		const kinds = [
			...(objects.length ? ['object'] : []),
			...(arrays.length ? ['array'] : []),
			...(strings ? ['string'] : []),
			...(numbers ? ['number'] : []),
			...(booleans ? ['boolean'] : []),
		];
		const schema = {};
		if (kinds.length === 1 && (objects.length || arrays.length)) {
			schema.type = kinds[0];
			if (nullable) schema.nullable = true;
		} else
			schema.type =
				kinds.length === 1 && !nullable ? kinds[0] : [...kinds, ...(nullable ? ['null'] : [])];
		if (arrays.length)
			schema.items =
				schemaOf(
					arrays.map((t) => checker.getTypeArguments(t)[0]),
					level,
				) ?? {};
		if (objects.length) Object.assign(schema, objectSchema(objects, level));
		return schema;
	}

	/** The fields of one or more object types (a union such as `Customer | DeletedCustomer` gives all of them). */
	function objectSchema(objects, level) {
		if (level >= DEPTH) return {};
		const fields = new Map();
		const values = [];
		for (const type of objects) {
			for (const property of checker.getPropertiesOfType(type)) {
				const name = property.getName();
				if (level === 0 && name === 'lastResponse') continue; // the SDK's, not Stripe's
				if (!fields.has(name)) fields.set(name, []);
				fields.get(name).push(checker.getTypeOfSymbol(property));
			}
			const index = checker
				.getIndexInfosOfType(type)
				.find((info) => has(info.keyType, ts.TypeFlags.String));
			if (index) values.push(index.type);
		}
		const out = {};
		const properties = {};
		for (const [name, types] of [...fields].sort(([a], [b]) => a.localeCompare(b))) {
			const schema = schemaOf(types, level + 1);
			if (schema) properties[name] = schema;
		}
		if (Object.keys(properties).length) out.properties = properties;
		if (values.length && !fields.size) {
			const value = schemaOf(values, level + 1);
			if (value && Object.keys(value).length) out.additionalProperties = value;
		}
		return out;
	}

	/**
	 * The schema of one output item of a method, from its declaration: the awaited answer, or for a
	 * list or search (`kind`) the item of its `data`. Undefined for an answer without fields (a meter
	 * event stream takes events and gives nothing back); file downloads are not asked for.
	 */
	function outputSchema(member, kind) {
		const signature = checker.getSignatureFromDeclaration(member);
		const answer = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
		if (has(answer, ts.TypeFlags.Void)) return undefined;
		let item = answer;
		if (kind) {
			const data = checker.getPropertyOfType(answer, 'data');
			const list = data && checker.getTypeOfSymbol(data);
			if (!list || !checker.isArrayType(list))
				throw new Error(`${member.name.getText()}: a ${kind} answer without a data list`);
			item = checker.getTypeArguments(list)[0];
		}
		const schema = schemaOf([item], 0);
		if (schema?.type !== 'object' || !schema.properties)
			throw new Error(`${member.name.getText()}: the answer is not an object with fields`);
		return { name: nameOf(item), schema };
	}

	/** A type's name as the SDK exports it (`Checkout.Session`, `Customer | DeletedCustomer`), without its `Response<>`. */
	function nameOf(type) {
		if (type.aliasSymbol?.getName() === 'Response') return nameOf(type.aliasTypeArguments[0]);
		if (type.aliasSymbol) return qualified(type.aliasSymbol);
		if (type.isUnion()) return [...new Set(type.types.map(nameOf))].join(' | ');
		if (type.isIntersection())
			return type.types
				.filter((t) => !t.getProperty('lastResponse'))
				.map(nameOf)
				.join(' & ');
		const symbol = type.getSymbol();
		return symbol ? qualified(symbol) : checker.typeToString(type);
	}

	/** `V2.Core.Account` for `Account` in resources/V2/Core/, the SDK's namespace from its folder. */
	function qualified(symbol) {
		const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? '';
		const folder = path.relative(RESOURCES, path.dirname(file));
		const namespace =
			folder && !folder.startsWith('..') ? `${folder.split(path.sep).join('.')}.` : '';
		return namespace + checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, '');
	}

	return { outputSchema };
}

module.exports = { DEPTH, createSchemaReader };
