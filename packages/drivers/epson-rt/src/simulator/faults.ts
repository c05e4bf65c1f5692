/** The simulator's faults are the driver kit's shared switchboard (see `createFaultSwitch` in core). */
export {
  FaultInjection,
  type FaultSwitch as Faults,
  LastingFault,
  SimulatorFault as Fault,
  createFaultSwitch as createFaults
} from "@fisco/core"
