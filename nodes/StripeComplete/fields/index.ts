// The field builders: each makes one form field and the code that reads it, and checks its own type.
export * from './address';
export * from './collection';
export * from './existing';
export * from './field';
export * from './ids';
export * from './json';
export * from './lineItems';
export * from './metadata';
export * from './money';
export * from './options';
export * from './ranges';
export * from './scalars';
