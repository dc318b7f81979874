import { resources } from '../resources/registry';

/**
 * The canvas subtitle: the action of the node's operation ("Create a recurring price"). n8n's editor
 * evaluates `subtitle` for each node on the canvas (useNodeHelpers getNodeSubtitle); without one it names
 * an option of the first Operation property alone, while each resource has its own. An expression sees
 * the parameters, not the description, so it carries the actions: one string of `|resource.operation=action`
 * cut at the node's key. One string, not an object of 647 keys: n8n parses an expression once (@n8n/tournament
 * keeps it), and a string literal parses in a few milliseconds where such an object took a quarter second.
 */
export function subtitle(): string {
	const actions = resources.flatMap((r) =>
		r.operations.map((o) => `|${r.value}.${o.value}=${o.action}`),
	);
	const key = '"|" + $parameter["resource"] + "." + $parameter["operation"] + "="';
	const raw = '$parameter["operation"] + ": " + $parameter["resource"]';
	return `={{("${actions.join('')}|".split(${key})[1] || "").split("|")[0] || ${raw}}}`;
}
