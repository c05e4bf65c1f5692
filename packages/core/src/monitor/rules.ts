import type { Condition } from "../domain/device-status.js"
import { conditionRule, countRule, expiryRule } from "./condition-rules.js"
import { dayClosureRule } from "./day-closure.js"
import type { HealthRule } from "./health-rule.js"
import type { MonitorThresholds } from "./thresholds.js"
import { unreachableRule } from "./unreachable.js"

const CERTIFICATE_CODES = ["certificate.expiring", "certificate.expired"]
const certificateWarning = (t: MonitorThresholds) => t.certificateWarningDays
const ofCertificate = (which: "CD" | "CA") => (c: Condition) => c.data?.certificate === which
const verificationWarning = (t: MonitorThresholds) => t.periodicVerificationWarningDays

/** One rule per check of the product, over the normalised condition codes drivers report. */
export const HEALTH_RULES: ReadonlyArray<HealthRule> = [
  // Physical access
  conditionRule({ id: "case.open", severity: "critical", code: "case.open" }),
  conditionRule({ id: "service-mode", severity: "warning", code: "service-mode" }),
  conditionRule({ id: "training-mode", severity: "warning", code: "training-mode" }),
  // Memories
  conditionRule({ id: "dgfe.near-full", severity: "warning", code: "dgfe.near-full" }),
  conditionRule({ id: "dgfe.full", severity: "critical", code: "dgfe.full" }),
  conditionRule({ id: "dgfe.unusable", severity: "critical", code: "dgfe.unusable" }),
  conditionRule({ id: "mf.near-full", severity: "warning", code: "mf.near-full" }),
  conditionRule({ id: "mf.full", severity: "critical", code: "mf.full" }),
  // Periodic verification
  expiryRule({ id: "periodic-verification.due", severity: "warning", codes: ["periodic-verification.due"], phase: "expiring", warningDays: verificationWarning }),
  expiryRule({ id: "periodic-verification.overdue", severity: "critical", codes: ["periodic-verification.due"], phase: "expired", warningDays: verificationWarning }),
  // Certificates
  expiryRule({ id: "certificate.device.expiring", severity: "warning", codes: CERTIFICATE_CODES, phase: "expiring", warningDays: certificateWarning, subject: ofCertificate("CD") }),
  expiryRule({ id: "certificate.device.expired", severity: "critical", codes: CERTIFICATE_CODES, phase: "expired", warningDays: certificateWarning, subject: ofCertificate("CD") }),
  expiryRule({ id: "certificate.ca.expiring", severity: "warning", codes: CERTIFICATE_CODES, phase: "expiring", warningDays: certificateWarning, subject: ofCertificate("CA") }),
  expiryRule({ id: "certificate.ca.expired", severity: "critical", codes: CERTIFICATE_CODES, phase: "expired", warningDays: certificateWarning, subject: ofCertificate("CA") }),
  // Transmissions to AdE
  countRule({ id: "files.pending", severity: "info", code: "files.pending", atLeast: (t) => t.filesPendingAtLeast }),
  countRule({ id: "files.old", severity: "warning", code: "files.old", atLeast: (t) => t.filesOldAtLeast }),
  countRule({ id: "files.rejected", severity: "critical", code: "files.rejected", atLeast: (t) => t.filesRejectedAtLeast }),
  // Fiscal day and reachability
  dayClosureRule,
  conditionRule({ id: "printer.offline", severity: "critical", code: "printer.offline" }),
  unreachableRule
]
