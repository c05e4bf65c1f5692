import { cronTicker } from "@fisco/core"
import cronParser from "cron-parser"

export const nextTick = cronTicker((expression, options) => cronParser.parseExpression(expression, options))
