export * from './server.js'
export * from './event.js'
