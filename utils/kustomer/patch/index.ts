/**
 * The body of `PATCH /v1/customers/{id}`: ONE valibot schema, used by the popup for inline errors
 * (a chunk it loads on demand) and by the background before any request is made; built from its
 * sections: plain formats and rules, building blocks, tags and list items, custom attributes, the
 * body, validation. The plain rules (`formats`, `tags`, `custom`) need no schema library.
 */
export * from './formats';
export * from './tags';
export * from './custom';
export * from './items';
export * from './custom-values';
export * from './body';
export * from './validate';
