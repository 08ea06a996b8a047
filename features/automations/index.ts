/** No-code automations: what the background wires in (engine, stores, routes) and what pages import. */
export {
  type AutomationEngine,
  type AutomationEngineDeps,
  AutomationError,
  createAutomationEngine,
  DEFAULT_ENGINE_LIMITS,
  type DryRunResult,
  type EngineLimits,
} from './engine.ts';
export type { BusinessReport, Receipt, ReportSummary, Run } from './log.ts';
export type { Action, AutomationEvent, Rule, TriggerType } from './model.ts';
export type { AutomationClient, LinkPort, OutboxPort } from './ports.ts';
export { PRESETS } from './presets.ts';
export {
  type AutomationMessage,
  type AutomationProtocol,
  type AutomationSend,
  type AutomationsView,
  sendAutomationMessage,
} from './protocol.ts';
export { type AutomationRouteDeps, type AutomationRouteTable, createAutomationRoutes } from './routes.ts';
export {
  type AutomationStores,
  createAutomationStores,
  createIdbStores,
  createMemoryRuleStore,
  createMemoryStores,
  createRuleStore,
} from './stores.ts';
