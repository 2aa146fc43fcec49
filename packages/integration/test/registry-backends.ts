import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** The PostgreSQL and MariaDB servers of the development and CI machines. */
const PG_URL = process.env.EBONITE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_URL = process.env.EBONITE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A metadata backend a client-level test runs on: a fresh registry from `open`, removed by `close`. */
export interface Backend {
  name: string;
  /** Why it cannot run here, or undefined. */
  unavailable(): Promise<string | undefined>;
  open(): Promise<{ client: Ebonite; close: () => Promise<void> }>;
}

const run = () => `ebonite_it_${randomBytes(5).toString('hex')}`;

async function tempFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'ebonite-it-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const always = async () => undefined;

async function pgAdmin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end().catch(() => {});
  }
}

async function mysqlAdmin(text: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
  try {
    await connection.query(text);
  } finally {
    await connection.end();
  }
}

const unreachable = (what: string, check: () => Promise<void>) => async () => {
  try {
    await check();
    return undefined;
  } catch (error) {
    return `${what} is unreachable (${(error as Error).message})`;
  }
};

/** Every metadata backend of the workspace, each with in-memory or local artifacts. */
export const BACKENDS: Backend[] = [
  {
    name: 'inmemory',
    unavailable: always,
    async open() {
      const client = await Ebonite.inmemory();
      return { client, close: () => client.close() };
    },
  },
  {
    name: 'local',
    unavailable: always,
    async open() {
      const { dir, remove } = await tempFolder();
      const client = await Ebonite.local({ path: dir });
      return { client, close: () => client.close().finally(remove) };
    },
  },
  {
    name: 'sqlite',
    unavailable: always,
    async open() {
      const { dir, remove } = await tempFolder();
      const client = await Ebonite.customClient('sqlalchemy', 'inmemory', {
        url: `sqlite:///${join(dir, 'registry.db')}`,
      });
      return { client, close: () => client.close().finally(remove) };
    },
  },
  {
    name: 'postgres',
    unavailable: unreachable(`PostgreSQL at ${new URL(PG_URL).host}`, () => pgAdmin('select 1')),
    async open() {
      const schema = run();
      const client = await Ebonite.customClient('sqlalchemy', 'inmemory', { url: PG_URL, schema });
      return {
        client,
        close: async () => {
          await client.close();
          await pgAdmin(`drop schema if exists ${schema} cascade`);
        },
      };
    },
  },
  {
    name: 'mariadb',
    unavailable: unreachable(`MariaDB at ${new URL(MYSQL_URL).host}`, () => mysqlAdmin('select 1')),
    async open() {
      const database = run();
      await mysqlAdmin(`create database ${database}`);
      const url = new URL(MYSQL_URL);
      url.pathname = `/${database}`;
      const client = await Ebonite.customClient('sqlalchemy', 'inmemory', { url: url.toString() });
      return {
        client,
        close: async () => {
          await client.close();
          await mysqlAdmin(`drop database if exists ${database}`);
        },
      };
    },
  },
];
