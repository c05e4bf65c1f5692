import { type Condition, type DeviceId, type DeviceStatus, healthOf } from "@fisco/core"

/** Simulated polls are two hours apart, so a day left open shows up within a few rounds. */
export const ROUND_MS = 2 * 3_600_000

const condition = (code: string, severity: Condition["severity"], message: string, data?: Record<string, unknown>): Condition => ({
  code,
  severity,
  message,
  ...(data ? { data } : {})
})

/**
 * What each device of the benchmark fleet goes through, by `device index % 8`: one stays healthy,
 * the others have a condition that comes and goes (so rules raise and clear), and one also leaves
 * its fiscal day open for 36 hours at a time (day.closure-required walks the reading history).
 */
const SCENARIOS: ReadonlyArray<(at: number) => ReadonlyArray<Condition>> = [
  () => [],
  () => [condition("dgfe.near-full", "warning", "electronic journal (DGFE) nearly full")],
  () => [condition("case.open", "critical", "device out of service: case opened or seal broken")],
  () => [condition("files.rejected", "critical", "2 files rejected by AdE", { count: 2 })],
  (at) => {
    const date = new Date(at + 20 * 86_400_000).toISOString().slice(0, 10)
    return [condition("certificate.expiring", "warning", `device certificate (CD) expires on ${date} (20 days)`, { certificate: "CD", date, daysLeft: 20 })]
  },
  () => [condition("service-mode", "warning", "device in programming (SET) mode, not registering sales")],
  () => [condition("printer.offline", "critical", "printer offline: cover open or paper end")],
  () => [condition("files.pending", "info", "3 files waiting to be sent to AdE", { count: 3 })]
]

/** A status reply of the size and shape an Epson RT sends (two fpmate replies), kept verbatim as `raw`. */
const rawReply = (matricola: string, z: number, conditions: ReadonlyArray<Condition>) =>
  `<epsonRtStatus><response success="true" code="" status="2"><addInfo><elementList>lastCommand,printerStatus,rtType,mainStatus,subStatus,dailyOpen,noWorkingPeriod,fileToSend,oldFileToSend,fileRejected,expiryCD,expiryCA,trainingMode,upgradeResult</elementList><lastCommand>74</lastCommand><printerStatus>${conditions.length > 0 ? "03110" : "00110"}</printerStatus><rtType>I</rtType><mainStatus>02</mainStatus><subStatus>08</subStatus><dailyOpen>1</dailyOpen><noWorkingPeriod>0</noWorkingPeriod><fileToSend>0</fileToSend><oldFileToSend>0</oldFileToSend><fileRejected>0</fileRejected><expiryCD>20291124</expiryCD><expiryCA>20341124</expiryCA><trainingMode>0</trainingMode><upgradeResult>0</upgradeResult></addInfo></response><response success="true" code="" status="2"><addInfo><elementList>lastCommand,printerStatus,fpStatus,receiptNumber,fiscalReceiptNumber,zRepNumber,cpuRel,mfRel,mfStatus</elementList><lastCommand>74</lastCommand><printerStatus>00110</printerStatus><fpStatus>00110</fpStatus><fiscalReceiptNumber>0042</fiscalReceiptNumber><zRepNumber>${String(z).padStart(4, "0")}</zRepNumber><cpuRel>07.00</cpuRel><mfRel>06.00</mfRel><mfStatus>0</mfStatus><serialNumber>${matricola}</serialNumber></addInfo></response></epsonRtStatus>`

export interface ReportPlan {
  readonly reports: number
  readonly devices: ReadonlyArray<{ readonly id: DeviceId; readonly matricola: string }>
  /** When the first round of polls happened (epoch ms). */
  readonly start: number
}

/**
 * The `i`th status report of the run: round `i / devices`, device `i % devices`. Each device's
 * condition is present for half of a 4–8 round period, offset per device.
 */
export const reportAt = (plan: ReportPlan, i: number): DeviceStatus => {
  const n = plan.devices.length
  const round = Math.floor(i / n)
  const index = i % n
  const device = plan.devices[index]!
  const scenario = index % SCENARIOS.length
  const period = 4 + (index % 5)
  const present = (round + index) % period < period / 2
  const at = plan.start + round * ROUND_MS + index
  const conditions = present ? SCENARIOS[scenario]!(at) : []
  // Every device closes its day every 12 rounds (a day); scenario 7 only every 18 (36 hours).
  const dayOpen = round % (scenario === 7 ? 18 : 12) !== 11
  return {
    deviceId: device.id,
    observedAt: new Date(at).toISOString(),
    health: healthOf(conditions),
    conditions,
    dayOpen,
    firmware: "07.00 (build 1234)",
    raw: { format: "xml", body: rawReply(device.matricola, 100 + Math.floor(round / 12), conditions) }
  }
}
