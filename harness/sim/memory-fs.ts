/**
 * An in-memory POSIX-like file tree for the deterministic lane: directories, regular files and
 * symbolic links with inode numbers, sizes and change stamps, and the Linux semantics the session
 * modules rely on — symlinks followed in every path component (ELOOP after 40), `realpath`,
 * exclusive create (`open wx`, which never follows a final symlink), append, stat/lstat, unlink,
 * mkdir (recursive), readdir and an atomic `rename` that replaces its target. Every call is
 * synchronous; sim-fs.ts turns each into a scheduled task, exactly like the real-file backend.
 *
 * Errors carry Node's `code`, `errno`, `syscall` and `path` and Node's message text, so code that
 * branches on them, and reports that quote them, cannot tell the two backends apart (the
 * differential test in memory-fs.test.ts and scenarios/sessions/fs-backends.test.ts checks that).
 *
 * Timestamps come from the virtual clock plus a per-tree sequence number, so every change gets a
 * distinct mtime/ctime even at one virtual instant (real file systems may not: their clock is
 * coarse; the fence compares size too).
 */
import { Buffer } from "node:buffer";
import type { FileStat } from "../../src/runtime/fs.ts";

const ERRNO: Readonly<Record<string, { readonly errno: number; readonly text: string }>> = {
  ENOENT: { errno: -2, text: "no such file or directory" },
  EEXIST: { errno: -17, text: "file already exists" },
  ENOTDIR: { errno: -20, text: "not a directory" },
  EISDIR: { errno: -21, text: "illegal operation on a directory" },
  EINVAL: { errno: -22, text: "invalid argument" },
  ENOTEMPTY: { errno: -39, text: "directory not empty" },
  ELOOP: { errno: -40, text: "too many symbolic links encountered" },
};

const MAX_SYMLINKS = 40;
const DEV = 2049n;

export class MemoryFsError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly path: string;
  readonly dest?: string;

  constructor(code: string, syscall: string, path: string, dest?: string) {
    const info = ERRNO[code] ?? { errno: -1, text: "unknown error" };
    // Node names no path for a read(2) on a directory fd.
    const where = syscall === "read" ? "" : ` '${path}'${dest === undefined ? "" : ` -> '${dest}'`}`;
    // No stack: these are expected results (ENOENT, EEXIST) on hot paths, and a stack is costly to capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${code}: ${info.text}, ${syscall}${where}`);
    Error.stackTraceLimit = limit;
    this.name = "Error";
    this.code = code;
    this.errno = info.errno;
    this.syscall = syscall;
    this.path = path;
    if (dest !== undefined) this.dest = dest;
  }
}

interface Stamps {
  readonly ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}
interface FileNode extends Stamps {
  readonly kind: "file";
  content: string;
}
interface DirNode extends Stamps {
  readonly kind: "dir";
  readonly entries: Map<string, Node>;
}
interface LinkNode extends Stamps {
  readonly kind: "symlink";
  readonly target: string;
}
type Node = FileNode | DirNode | LinkNode;

/** Where a path's last component lives: its directory (symlinks resolved) and its name. */
interface Slot {
  readonly dir: DirNode;
  /** The directory's canonical path. */
  readonly dirPath: string;
  readonly name: string;
}

interface CachedParent {
  readonly gen: number;
  readonly dir: DirNode;
  readonly real: string;
  readonly name: string;
}

interface CachedDir {
  readonly gen: number;
  readonly node: DirNode;
  readonly real: string;
}

interface CachedSlot {
  readonly gen: number;
  readonly slot: Slot;
}

/** Resolutions kept per tree; a run touches few paths, so the bound only stops a runaway. */
const CACHE_LIMIT = 4096;

function remember<T>(cache: Map<string, T>, path: string, value: T): void {
  if (cache.size >= CACHE_LIMIT && !cache.has(path)) cache.clear();
  cache.set(path, value);
}

export interface MemoryFsOptions {
  /** Virtual milliseconds for timestamps. */
  readonly nowMs: () => number;
}

export class MemoryFs {
  private inoSeq = 1n;
  private stampSeq = 0n;
  private readonly root: DirNode;
  /**
   * Bumped whenever a directory or symlink entry is added, removed or moved: only those decide
   * how a path's directories resolve. The two caches below hold resolutions made at one value of
   * it and are used only while it holds (file creation, writes and file unlinks keep them valid).
   */
  private dirGen = 0;
  /** Path → the directory `walk` reached before the last component, and that directory's real path. */
  private readonly walkParents = new Map<string, CachedParent>();
  /** Path → the directory a top-level `walk` following every symlink reached, and its real path. */
  private readonly walkDirs = new Map<string, CachedDir>();
  /** Path → the result of `slot` (the last component's directory, its real path, the name). */
  private readonly slots = new Map<string, CachedSlot>();
  /** The stamp base of the last virtual millisecond seen (BigInt arithmetic allocates). */
  private stampMs = Number.NaN;
  private stampBase = 0n;

  constructor(private readonly options: MemoryFsOptions) {
    this.root = this.dirNode();
  }

  // ---- the FileSystem port's calls, synchronous ----

  realpath(path: string): string {
    const dir = this.cachedDir(path);
    if (dir !== undefined) return dir.real;
    const parent = this.cachedParent(path);
    if (parent !== undefined && this.settledEntry(parent, true, "realpath", path) !== undefined) return join(parent.real, parent.name);
    return this.walk(path, true, "realpath").real;
  }

  stat(path: string): FileStat {
    return this.statOf(this.lookup(path, true, "stat"));
  }

  lstat(path: string): FileStat {
    return this.statOf(this.lookup(path, false, "lstat"));
  }

  readFile(path: string): string {
    const node = this.lookup(path, true, "open");
    if (node.kind === "dir") throw new MemoryFsError("EISDIR", "read", path);
    return (node as FileNode).content;
  }

  createExclusive(path: string, content: string): void {
    const slot = this.slot(path, "open");
    if (slot.dir.entries.has(slot.name)) throw new MemoryFsError("EEXIST", "open", path);
    const file = this.fileNode(content);
    slot.dir.entries.set(slot.name, file);
    this.touch(slot.dir);
  }

  writeFile(path: string, content: string): void {
    this.writeThrough(path, (file) => {
      file.content = content;
    });
  }

  appendFile(path: string, content: string): void {
    this.writeThrough(path, (file) => {
      file.content += content;
    });
  }

  unlink(path: string): void {
    const slot = this.slot(path, "unlink");
    const node = slot.dir.entries.get(slot.name);
    if (node === undefined) throw new MemoryFsError("ENOENT", "unlink", path);
    if (node.kind === "dir") throw new MemoryFsError("EISDIR", "unlink", path);
    if (node.kind === "symlink") this.dirGen++;
    slot.dir.entries.delete(slot.name);
    this.touch(slot.dir);
  }

  mkdir(path: string, options?: { readonly recursive?: boolean }): void {
    if (options?.recursive === true) {
      this.mkdirRecursive(path);
      return;
    }
    const slot = this.slot(path, "mkdir");
    if (slot.dir.entries.has(slot.name) || slot.name === "") throw new MemoryFsError("EEXIST", "mkdir", path);
    this.dirGen++;
    slot.dir.entries.set(slot.name, this.dirNode());
    this.touch(slot.dir);
  }

  symlink(target: string, path: string): void {
    const slot = this.slot(path, "symlink", target);
    if (slot.dir.entries.has(slot.name)) throw new MemoryFsError("EEXIST", "symlink", target, path);
    this.dirGen++;
    slot.dir.entries.set(slot.name, { kind: "symlink", target, ...this.stamps() });
    this.touch(slot.dir);
  }

  readdir(path: string): string[] {
    const { node } = this.walk(path, true, "scandir");
    if (node.kind !== "dir") throw new MemoryFsError("ENOTDIR", "scandir", path);
    return [...node.entries.keys()].sort();
  }

  /** rename(2): atomic; replaces a non-directory target; renaming a symlink moves the link. */
  rename(from: string, to: string): void {
    const src = this.slot(from, "rename", to);
    const node = src.dir.entries.get(src.name);
    if (node === undefined) throw new MemoryFsError("ENOENT", "rename", from, to);
    const dst = this.slot(to, "rename", from, to);
    const existing = dst.dir.entries.get(dst.name);
    if (existing === node) return;
    if (existing !== undefined) {
      if (existing.kind === "dir" && node.kind !== "dir") throw new MemoryFsError("EISDIR", "rename", from, to);
      if (existing.kind !== "dir" && node.kind === "dir") throw new MemoryFsError("ENOTDIR", "rename", from, to);
      if (existing.kind === "dir" && existing.entries.size > 0) throw new MemoryFsError("ENOTEMPTY", "rename", from, to);
    }
    if (node.kind === "dir" && `${dst.dirPath}/${dst.name}`.startsWith(`${src.dirPath === "/" ? "" : src.dirPath}/${src.name}/`)) {
      throw new MemoryFsError("EINVAL", "rename", from, to);
    }
    if (node.kind !== "file" || (existing !== undefined && existing.kind !== "file")) this.dirGen++;
    src.dir.entries.delete(src.name);
    dst.dir.entries.set(dst.name, node);
    node.ctimeNs = this.nextStamp();
    this.touch(src.dir);
    this.touch(dst.dir);
  }

  // ---- internals ----

  private nextStamp(): bigint {
    this.stampSeq = (this.stampSeq + 1n) % 1_000_000n;
    const ms = Math.floor(this.options.nowMs());
    if (ms !== this.stampMs) {
      this.stampMs = ms;
      this.stampBase = BigInt(ms) * 1_000_000n;
    }
    return this.stampBase + this.stampSeq;
  }

  private stamps(): Stamps {
    const t = this.nextStamp();
    return { ino: this.inoSeq++, mtimeNs: t, ctimeNs: t };
  }

  private dirNode(): DirNode {
    return { kind: "dir", entries: new Map(), ...this.stamps() };
  }

  private fileNode(content: string): FileNode {
    return { kind: "file", content, ...this.stamps() };
  }

  private touch(node: Node): void {
    const t = this.nextStamp();
    node.mtimeNs = t;
    node.ctimeNs = t;
  }

  private statOf(node: Node): FileStat {
    const size = node.kind === "file" ? Buffer.byteLength(node.content, "utf8") : node.kind === "symlink" ? Buffer.byteLength(node.target, "utf8") : 4096;
    return {
      dev: DEV,
      ino: node.ino,
      size: BigInt(size),
      mtimeNs: node.mtimeNs,
      ctimeNs: node.ctimeNs,
      isFile: node.kind === "file",
      isDirectory: node.kind === "dir",
      isSymbolicLink: node.kind === "symlink",
    };
  }

  /** Opens for writing (O_CREAT, following a final symlink, dangling or not) and applies `change`. */
  private writeThrough(path: string, change: (file: FileNode) => void): void {
    let target = path;
    for (let hops = 0; ; hops++) {
      const slot = this.slot(target, "open", undefined, undefined, path);
      const node = slot.dir.entries.get(slot.name);
      if (node === undefined) {
        const file = this.fileNode("");
        change(file);
        slot.dir.entries.set(slot.name, file);
        this.touch(slot.dir);
        return;
      }
      if (node.kind === "dir") throw new MemoryFsError("EISDIR", "open", path);
      if (node.kind === "file") {
        change(node);
        this.touch(node);
        return;
      }
      if (hops >= MAX_SYMLINKS) throw new MemoryFsError("ELOOP", "open", path);
      target = absolute(node.target, slot.dirPath);
    }
  }

  private mkdirRecursive(path: string): void {
    const parts = components(path);
    let dir = this.root;
    let dirPath = "/";
    for (const part of parts) {
      const next = this.follow(dir.entries.get(part), dirPath, "mkdir", path, 0);
      if (next === undefined) {
        this.dirGen++;
        const made = this.dirNode();
        dir.entries.set(part, made);
        this.touch(dir);
        dir = made;
        dirPath = join(dirPath, part);
        continue;
      }
      if (next.node.kind !== "dir") throw new MemoryFsError(part === parts[parts.length - 1] ? "EEXIST" : "ENOTDIR", "mkdir", path);
      dir = next.node;
      dirPath = next.real;
    }
  }

  /** Resolves a symlink entry (found in `dirPath`) to the node it names, or undefined if dangling. */
  private follow(node: Node | undefined, dirPath: string, syscall: string, original: string, depth: number): { node: Node; real: string } | undefined {
    if (node === undefined) return undefined;
    if (node.kind !== "symlink") return { node, real: dirPath };
    if (depth >= MAX_SYMLINKS) throw new MemoryFsError("ELOOP", syscall, original);
    try {
      return this.walk(absolute(node.target, dirPath), true, syscall, original, depth + 1);
    } catch (error) {
      if (error instanceof MemoryFsError && error.code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** The directory and name a path's last component lives in (intermediate symlinks followed). */
  private slot(path: string, syscall: string, a?: string, b?: string, reported = path): Slot {
    const cached = this.slots.get(path);
    if (cached !== undefined && cached.gen === this.dirGen) return cached.slot;
    const slot = this.slowSlot(path, syscall, a, b, reported);
    remember(this.slots, path, { gen: this.dirGen, slot });
    return slot;
  }

  private slowSlot(path: string, syscall: string, a: string | undefined, b: string | undefined, reported: string): Slot {
    const parts = components(path);
    const name = parts.pop() ?? "";
    const err = (code: string): MemoryFsError => (a === undefined ? new MemoryFsError(code, syscall, reported) : new MemoryFsError(code, syscall, b === undefined ? reported : a, b ?? a));
    let dir = this.root;
    let dirPath = "/";
    let depth = 0;
    for (const part of parts) {
      const entry = dir.entries.get(part);
      if (entry === undefined) throw err("ENOENT");
      let node: Node = entry;
      let real = join(dirPath, part);
      if (entry.kind === "symlink") {
        if (++depth > MAX_SYMLINKS) throw err("ELOOP");
        let resolved: { node: Node; real: string };
        try {
          resolved = this.walk(absolute(entry.target, dirPath), true, syscall, reported, depth);
        } catch (error) {
          if (error instanceof MemoryFsError) throw err(error.code);
          throw error;
        }
        node = resolved.node;
        real = resolved.real;
      }
      if (node.kind !== "dir") throw err("ENOTDIR");
      dir = node;
      dirPath = real;
    }
    return { dir, dirPath, name };
  }

  /** What `walk(path, followLast, syscall).node` finds, from the cached parent when it still holds. */
  private lookup(path: string, followLast: boolean, syscall: string): Node {
    const dir = followLast ? this.cachedDir(path) : undefined;
    if (dir !== undefined) return dir.node;
    const parent = this.cachedParent(path);
    const entry = parent === undefined ? undefined : this.settledEntry(parent, followLast, syscall, path);
    return entry ?? this.walk(path, followLast, syscall).node;
  }

  /**
   * The entry a walk ends on, read from a still-valid cached parent: undefined when it is a symlink
   * the walk would follow (then only a walk can say). A missing entry is ENOENT, as the walk says.
   */
  private settledEntry(parent: CachedParent, followLast: boolean, syscall: string, path: string): Node | undefined {
    const entry = parent.dir.entries.get(parent.name);
    if (entry === undefined) throw new MemoryFsError("ENOENT", syscall, path);
    return entry.kind === "symlink" && followLast ? undefined : entry;
  }

  private cachedParent(path: string): CachedParent | undefined {
    const cached = this.walkParents.get(path);
    return cached !== undefined && cached.gen === this.dirGen ? cached : undefined;
  }

  private cachedDir(path: string): CachedDir | undefined {
    const cached = this.walkDirs.get(path);
    return cached !== undefined && cached.gen === this.dirGen ? cached : undefined;
  }

  /** Finds the node at `path` and its canonical path, following a final symlink when `followLast`. */
  private walk(path: string, followLast: boolean, syscall: string, reported = path, depth = 0): { node: Node; real: string } {
    const parts = components(path);
    // Only a walk started by a port call (not one resolving a symlink on its way) is remembered.
    const top = depth === 0 && reported === path;
    let node: Node = this.root;
    let real = "/";
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (node.kind !== "dir") throw new MemoryFsError("ENOTDIR", syscall, reported);
      const last = i === parts.length - 1;
      // A top-level walk that got this far resolved every directory before the last component: keep that.
      if (last && top) remember(this.walkParents, path, { gen: this.dirGen, dir: node, real, name: part });
      const entry = node.entries.get(part);
      if (entry === undefined) throw new MemoryFsError("ENOENT", syscall, reported);
      if (entry.kind === "symlink" && (!last || followLast)) {
        if (depth >= MAX_SYMLINKS) throw new MemoryFsError("ELOOP", syscall, reported);
        const resolved = this.walk(absolute(entry.target, real), true, syscall, reported, depth + 1);
        node = resolved.node;
        real = resolved.real;
        depth++;
        continue;
      }
      node = entry;
      real = join(real, part);
    }
    // Directories leave only by a rename, which moves dirGen on: a resolved one stays valid until then.
    if (top && followLast && node.kind === "dir") remember(this.walkDirs, path, { gen: this.dirGen, node, real });
    return { node, real };
  }
}

/** A path's components, `.` and `..` resolved lexically (as path.resolve does; callers pass resolved paths). */
function components(path: string): string[] {
  if (!path.startsWith("/")) throw new MemoryFsError("EINVAL", "resolve", path);
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out;
}

function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

function absolute(target: string, dirPath: string): string {
  return target.startsWith("/") ? target : join(dirPath, target);
}
