import Foundation

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
    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: 100),
              let end = try? handle.seekToEnd() else { return nil }
        self.path = path
        self.header = Array(bytes)
        self.size = Int(end)
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
