/**
 * `testEnvironment: 'mpsim/jest-environment'` — every test file gets a fresh
 * simulated phone (own sandbox dir, storage, album, network) with the
 * mini-program globals installed (`wx`, `mpsim`, `window`), disposed after the
 * file (no temp dirs left behind). jest workers and `--shard` share no state.
 *
 * Per-project options go in `testEnvironmentOptions: { mpsim: {...} }`, per-file
 * options in a docblock: `@jest-environment-options {"mpsim": {"pathMode": "devtools"}}`.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import { createSimulator, type Simulator, type SimulatorOptions } from './index';

export default class MpsimEnvironment extends NodeEnvironment {
  simulator?: Simulator;
  private readonly simOptions: SimulatorOptions;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const fromConfig = (config.projectConfig.testEnvironmentOptions as { mpsim?: SimulatorOptions } | undefined)?.mpsim ?? {};
    this.simOptions = { ...fromConfig };
  }

  override async setup(): Promise<void> {
    await super.setup();
    const global = this.global as unknown as Record<string, unknown>;
    this.simulator = await createSimulator({ ...this.simOptions, global });
    this.simulator.install(global, { window: true });
  }

  override async teardown(): Promise<void> {
    await this.simulator?.dispose();
    this.simulator = undefined;
    await super.teardown();
  }
}

export { MpsimEnvironment as TestEnvironment };
