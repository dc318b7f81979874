// What the editor calls on the node, as in n8n's own nodes: pickers' lists, dropdown options and the
// credential test.
export { credentialTest } from './credentialTest';
export { listSearch } from './listSearch';
export { loadOptions } from './loadOptions';
