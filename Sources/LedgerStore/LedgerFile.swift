import Foundation
import Synchronization

/// What the first 100 bytes of a file say about it, read without SQLite: whether it is an SQLite database at all,
/// whose it is, and whether it is shorter than its own header says (a truncated copy).
///
/// The layout is SQLite's "Database File Format", section 1.3 (https://www.sqlite.org/fileformat2.html):
/// the magic string at offset 0, the page size at 16 (big-endian, 1 meaning 65536), the change counter at 24, the
/// size in pages at 28 (valid only when the change counter equals the "version-valid-for" number at 92), and the
/// application id at 68.
struct LedgerFile {
    static let magic = Array("SQLite format 3\0".utf8)

    let path: String
    /// The file's first bytes (at most 100).
    let header: [UInt8]
    /// The file's size in bytes.
    let size: Int

    /// Reads the header of the file at `path`; nil when it cannot be read (missing, a directory, no permission).
    ///
    /// The descriptor is closed through `HeldFiles`: closing a descriptor drops every POSIX lock the PROCESS holds on
    /// that file, SQLite's included (https://www.sqlite.org/howtocorrupt.html, 2.2). A process that keeps a ledger open
    /// while it opens another connection to it (the service: a reader and the writer) would otherwise lose its locks,
    /// and another process closing its connection would think itself the last one and delete the write-ahead log
    /// under the open writer — commits lost.
    init?(path: String) {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var info = stat()
        var bytes = [UInt8](repeating: 0, count: 100)
        var got = -1
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            got = bytes.withUnsafeMutableBytes { raw in
                var n: Int
                repeat { n = pread(fd, raw.baseAddress, 100, 0) } while n < 0 && errno == EINTR
                return n
            }
        }
        HeldFiles.close(fd, HeldFiles.ID(info))
        guard got >= 0 else { return nil }
        self.path = path
        self.header = Array(bytes.prefix(got))
        self.size = Int(info.st_size)
    }

    /// True when the file starts with SQLite's magic string.
    var isSQLite: Bool { header.starts(with: Self.magic) }

    private func uint32(at offset: Int) -> UInt32? {
        guard header.count >= offset + 4 else { return nil }
        return header[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The application id SQLite keeps in the header (`PRAGMA application_id`), nil if the header is cut short.
    var applicationID: Int32? { uint32(at: 68).map { Int32(bitPattern: $0) } }

    /// Why this file, marked as a ledger, is damaged at the level of the file, or nil when its size agrees with its
    /// header. A file shorter than its header's page count is only damage when no write-ahead log holds the rest: a
    /// checkpoint in progress writes page 1 before the pages after it.
    var damage: String? {
        guard isSQLite else { return nil }
        guard header.count == 100, let counter = uint32(at: 24), let pages = uint32(at: 28), let validFor = uint32(at: 92) else {
            return "the file is \(size) bytes long, shorter than SQLite's 100-byte header"
        }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pages > 0, counter == validFor, pageSize >= 512 else { return nil }
        let expected = Int(pages) * pageSize
        guard size < expected else { return nil }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        guard wal == 0 else { return nil }
        return "the file is \(size) bytes long but its header counts \(pages) pages of \(pageSize) bytes (\(expected) bytes): it was cut short"
    }

    /// Why this process may not read the file (the system's words), or nil when it may.
    static func readDenied(_ path: String) -> String? {
        access(path, R_OK) == 0 ? nil : String(cString: strerror(errno))
    }

    /// True when this process may write the file and create files beside it (SQLite's `-wal` and `-shm`).
    static func isWritable(_ path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(directory.isEmpty ? "." : directory, W_OK) == 0
    }

    /// `path` as an SQLite URI filename (https://www.sqlite.org/uri.html) with `parameters`: the path's `%`, `?` and
    /// `#` are percent-encoded so that they stay part of the name.
    static func uri(_ path: String, _ parameters: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var encoded = ""
        for scalar in absolute.unicodeScalars {
            switch scalar {
            case "%": encoded += "%25"
            case "?": encoded += "%3f"
            case "#": encoded += "%23"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        return "file:\(encoded)?\(parameters)"
    }
}

/// The ledger files this process holds SQLite connections to (by device and inode), and descriptors to them that must
/// stay open until the last of those connections goes: closing one would drop SQLite's POSIX locks (see `LedgerFile`).
/// This is what SQLite's own unix VFS does with the descriptors it closes while locks are held.
enum HeldFiles {
    struct ID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static let held = Mutex<[ID: (count: Int, deferred: [Int32])]>([:])

    /// Marks `path`'s file as held by one more ledger; nil when it cannot be looked at.
    static func hold(_ path: String) -> ID? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let id = ID(info)
        held.withLock { $0[id, default: (0, [])].count += 1 }
        return id
    }

    /// One ledger fewer holds the file; the last one closes the descriptors deferred meanwhile.
    static func release(_ id: ID) {
        let toClose: [Int32] = held.withLock { held in
            guard var entry = held[id] else { return [] }
            entry.count -= 1
            if entry.count > 0 {
                held[id] = entry
                return []
            }
            held[id] = nil
            return entry.deferred
        }
        for fd in toClose { Foundation.close(fd) }
    }

    /// Closes `fd` now, or when the last ledger holding its file goes.
    static func close(_ fd: Int32, _ id: ID) {
        let deferred = held.withLock { held -> Bool in
            guard held[id] != nil else { return false }
            held[id]!.deferred.append(fd)
            return true
        }
        if !deferred { Foundation.close(fd) }
    }
}
