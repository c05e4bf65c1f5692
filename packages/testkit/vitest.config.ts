import { mergeConfig } from "vitest/config"
import shared from "../../vitest.shared"

// The kit's own tests run the whole driver suite several times against real simulators and time
// out devices on purpose; run the files one after the other so they do not starve each other's timers.
export default mergeConfig(shared, { test: { fileParallelism: false } })
