// The DataSource the TypeORM CLI uses (migration:generate / run / revert). It reads the same
// environment as the server, so DATABASE_URL picks the engine.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database.config';
import { validateEnv } from './env.validation';

const env = validateEnv(process.env);
export default new DataSource(databaseOptions(env));
