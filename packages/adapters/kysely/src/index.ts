/**
 * @module @fisco/store-kysely
 * The Fisco store written once with kysely: table types, versioned migrations, and the `Store`
 * port. `@fisco/store-sqlite` and `@fisco/store-postgres` wrap it with their connection and
 * their `StoreDialect`.
 */
export * from "./database.js"
export * from "./store-dialect.js"
export * from "./migrations/index.js"
export * from "./migrate.js"
export * from "./store.js"
