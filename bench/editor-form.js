'use strict';
/**
 * What n8n's editor shows for a node description, read from the description as the editor reads it: the
 * actions of the nodes panel, the counts of resources, operations and fields, and the fields the node's
 * panel shows for a resource and operation (what bench/editor-page.js waits to see rendered).
 */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/**
 * The actions n8n's node panel lists for a node (useActionsGeneration's resourceCategories): for each
 * option of the Resource properties of the node's default version, the options of the first Operation
 * property of that version that names that resource.
 */
function panelActions(description) {
	const version = description.defaultVersion ?? 1;
	const ofVersion = (p) => p.displayOptions?.show?.['@version']?.includes(version) ?? true;
	const first = (resource) =>
		description.properties.find(
			(p) =>
				p.name === 'operation' &&
				p.displayOptions?.show?.resource?.includes(resource) &&
				ofVersion(p),
		);
	return description.properties
		.filter((p) => p.name === 'resource' && ofVersion(p))
		.flatMap((p) => p.options)
		.filter((o) => o.value !== CUSTOM_API_CALL)
		.reduce(
			(n, r) =>
				n + (first(r.value)?.options ?? []).filter((o) => o.value !== CUSTOM_API_CALL).length,
			0,
		);
}

/**
 * Resources, operations, the node panel's actions and properties of a node description; `fields` also
 * counts those inside collections. Operations are those of the Operation properties the form can show.
 */
function countDescription(description) {
	const resources = (
		description.properties.find((p) => p.name === 'resource')?.options ?? []
	).filter((o) => o.value !== CUSTOM_API_CALL);
	const operations = description.properties
		.filter(
			(p) =>
				p.name === 'operation' && isShown(p, { resource: p.displayOptions?.show?.resource?.[0] }),
		)
		.reduce((n, p) => n + p.options.filter((o) => o.value !== CUSTOM_API_CALL).length, 0);
	let fields = 0;
	const walk = (properties) => {
		for (const property of properties) {
			fields++;
			if (property.type === 'collection') walk(property.options ?? []);
			if (property.type === 'fixedCollection')
				for (const group of property.options ?? []) walk(group.values ?? []);
		}
	};
	walk(description.properties);
	const version = description.defaultVersion ?? Math.max(...[description.version].flat());
	return {
		bytes: Buffer.byteLength(JSON.stringify(description)),
		resources: resources.length,
		operations,
		actions: panelActions(description),
		properties: description.properties.length,
		// What the editor checks on each change in a node of the default version.
		ofDefaultVersion: description.properties.filter((p) => ofVersion(p, version)).length,
		fields,
	};
}

/** Whether a property belongs to `version` by its `@version` conditions. */
const ofVersion = (property, version) => {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	return (show['@version']?.includes(version) ?? true) && !hide['@version']?.includes(version);
};

/** Whether a property shows for `values` (`@version` among them, else 1), by its displayOptions as the editor reads them. */
function isShown(property, values) {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	const value = (key) => (key === '@version' ? (values['@version'] ?? 1) : values[key]);
	return (
		Object.entries(show).every(([key, allowed]) => allowed.includes(value(key))) &&
		!Object.entries(hide).some(([key, allowed]) => allowed.includes(value(key)))
	);
}

/** The top-level fields the panel shows for a resource and operation, in order, with defaults for the rest. */
function shownFields(description, resource, operation) {
	const values = { resource, operation, '@version': description.defaultVersion ?? 1 };
	for (let pass = 0; pass < 3; pass++)
		for (const property of description.properties)
			if (!(property.name in values) && isShown(property, values))
				values[property.name] = property.default;
	// The editor shows an Authentication parameter with the credential, not among the parameters.
	return description.properties
		.filter((property) => isShown(property, values) && property.name !== 'authentication')
		.map((property) => property.name);
}

/** One node type's Resource and Operation options, as names and values. */
function formOf(description) {
	const resourceProperty = description.properties.find((p) => p.name === 'resource');
	const operationsOf = (resource) =>
		description.properties.find((p) => p.name === 'operation' && isShown(p, { resource }));
	return {
		defaultResource: resourceProperty.default,
		resourceName: (value) => resourceProperty.options.find((o) => o.value === value).name,
		resources: resourceProperty.options.map((o) => o.value).filter((v) => v !== CUSTOM_API_CALL),
		defaultOperation: (resource) => operationsOf(resource).default,
		operations: (resource) =>
			operationsOf(resource)
				.options.map((o) => o.value)
				.filter((v) => v !== CUSTOM_API_CALL),
		operationName: (resource, value) =>
			operationsOf(resource).options.find((o) => o.value === value).name,
	};
}

function panelSpec(description, form, resource, operation) {
	return {
		kind: 'panel',
		resource: form.resourceName(resource),
		operation: form.operationName(resource, operation),
		labels: shownFields(description, resource, operation),
		known: [...new Set(description.properties.map((p) => p.name))],
	};
}

module.exports = { countDescription, formOf, panelSpec };
