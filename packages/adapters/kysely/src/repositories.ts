import type { Repositories } from "@fisco/core"
import { agentCommandRepository } from "./repositories/agent-commands.js"
import { agentRepository } from "./repositories/agents.js"
import { alarmRepository } from "./repositories/alarms.js"
import { apiKeyRepository } from "./repositories/api-keys.js"
import { corrispettiviRepository } from "./repositories/corrispettivi.js"
import { transmissionRepository } from "./repositories/transmissions.js"
import { backOfficeReceiptRepository } from "./repositories/back-office-receipts.js"
import { deviceStatusRepository } from "./repositories/device-statuses.js"
import { deviceRepository } from "./repositories/devices.js"
import { digestDeliveryRepository } from "./repositories/digest-deliveries.js"
import { distributionListRepository } from "./repositories/distribution-lists.js"
import { idempotencyRepository } from "./repositories/idempotency.js"
import { siteRepository } from "./repositories/sites.js"
import { tenantSettingsRepository } from "./repositories/tenant-settings.js"
import { tenantRepository } from "./repositories/tenants.js"
import { userRepository } from "./repositories/users.js"
import type { StoreContext } from "./store-context.js"

/** Every repository over one handle: the database for the store, the open transaction inside `transaction`. */
export const repositories = (ctx: StoreContext): Repositories => ({
  tenants: tenantRepository(ctx),
  sites: siteRepository(ctx),
  devices: deviceRepository(ctx),
  deviceStatuses: deviceStatusRepository(ctx),
  alarms: alarmRepository(ctx),
  apiKeys: apiKeyRepository(ctx),
  users: userRepository(ctx),
  idempotency: idempotencyRepository(ctx),
  corrispettivi: corrispettiviRepository(ctx),
  transmissions: transmissionRepository(ctx),
  distributionLists: distributionListRepository(ctx),
  digestDeliveries: digestDeliveryRepository(ctx),
  tenantSettings: tenantSettingsRepository(ctx),
  backOfficeReceipts: backOfficeReceiptRepository(ctx),
  agents: agentRepository(ctx),
  agentCommands: agentCommandRepository(ctx)
})
