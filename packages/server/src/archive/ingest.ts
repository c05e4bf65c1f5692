import type { Fisco, IngestResult, Monitor, TenantScope } from "@fisco/core"

/**
 * Archives one AdE file as every server path should (upload, agent push): `fisco.corrispettivi.ingest`,
 * then, when a new file's matricola belongs to no registered device, the census `device.unknown`
 * alarm (one per matricola) so the operator registers it.
 */
export const archiveFile = async (fisco: Fisco, monitor: Monitor, scope: TenantScope, input: Record<string, unknown>): Promise<IngestResult> => {
  const result = await fisco.corrispettivi.ingest(scope, input)
  const { file } = result
  if (!result.duplicate && file.deviceId === undefined && file.matricola !== undefined) await monitor.reportUnknownDevice(scope, { matricola: file.matricola, source: "archive" })
  return result
}
