import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, requireDatabaseUrl, type AppConfig } from '#platform/index.js';
import { dataSourceOptions } from './data-source.js';

/** The TypeORM connection for a Nest process (API or worker), from the validated config. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(requireDatabaseUrl(config), { applicationName: 'ringfence' }),
    }),
  ],
})
export class DatabaseModule {}
