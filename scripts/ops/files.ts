/** Files of a backup: checksums while copying, folder listings, sizes. */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { lstat, mkdir, readdir, stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface FileEntry {
  /** Relative to the backup folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

export async function sha256File(path: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        onBytes?.(chunk.length);
        callback();
      },
    }),
  );
  return hash.digest("hex");
}

/** Copies a file and returns the checksum of what was read (one pass over the data). */
export async function copyWithHash(from: string, to: string, onBytes?: (bytes: number) => void): Promise<{ bytes: number; sha256: string }> {
  await mkdir(dirname(to), { recursive: true });
  const hash = createHash("sha256");
  let bytes = 0;
  await pipeline(
    createReadStream(from, { highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        onBytes?.(chunk.length);
        callback(null, chunk);
      },
    }),
    createWriteStream(to),
  );
  return { bytes, sha256: hash.digest("hex") };
}

/** Every regular file under `dir`, recursively, as absolute paths in a stable order. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string) => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  await walk(dir);
  return out;
}

/** Checksums of every file under `dir`, relative to `base`. */
export async function describeFiles(base: string, dir: string, onBytes?: (bytes: number) => void): Promise<FileEntry[]> {
  const entries: FileEntry[] = [];
  for (const path of await listFiles(dir)) {
    const info = await stat(path);
    entries.push({ path: relative(base, path).split("\\").join("/"), bytes: info.size, sha256: await sha256File(path, onBytes) });
  }
  return entries;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const path of await listFiles(dir)) total += (await stat(path)).size;
  return total;
}
