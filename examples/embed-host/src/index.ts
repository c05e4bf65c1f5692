export { createHost, type HostOptions } from "./host.js"
