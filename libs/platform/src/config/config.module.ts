import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig, type AppConfig } from './config.schema.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * @nestjs/config loading the validated configuration (config.schema.ts) under the key `app`,
 * re-exposed as one typed injectable. Entry points validate first (loadConfigOrExit) to print a
 * one-line error; tests pass overrides (their own database, queue prefix, SMTP port) instead of
 * touching process.env.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(overrides: NodeJS.ProcessEnv = {}): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ app: loadConfig({ ...process.env, ...overrides }) })],
        }),
      ],
      providers: [
        { provide: APP_CONFIG, inject: [ConfigService], useFactory: (config: ConfigService) => config.get<AppConfig>('app') },
      ],
      exports: [APP_CONFIG],
    };
  }
}
