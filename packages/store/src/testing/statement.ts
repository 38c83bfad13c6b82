// One SQL statement on a connection of its own, as another program (or another racelab) would run
// it on the database a test is looking at: its rows, or none for a statement that returns nothing.
import Database from 'libsql';
import pg from 'pg';

export type Rows = Array<Record<string, unknown>>;

export async function postgresStatement(url: string, text: string): Promise<Rows> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

export async function sqliteStatement(path: string, text: string): Promise<Rows> {
  const connection = new Database(path);
  try {
    const prepared = connection.prepare(text);
    if (prepared.reader) return prepared.all() as Rows;
    prepared.run();
    return [];
  } finally {
    connection.close();
  }
}
