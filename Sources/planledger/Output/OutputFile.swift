import Foundation

/// Where an export goes: standard output, or a file that appears only once it is complete (written to a
/// temporary file beside it, then renamed over it), so a failed export never leaves half a document.
final class OutputFile {
    private let fd: Int32
    private let path: String?
    private let temporary: String?

    /// Standard output when `path` is nil or "-".
    init(path: String?) throws {
        guard let path, path != "-" else {
            self.fd = STDOUT_FILENO
            self.path = nil
            self.temporary = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            printError("planledger: --out: cannot create \(path): \(String(cString: strerror(errno)))")
            throw Exit.cannotCreate
        }
        self.fd = fd
        self.path = path
        self.temporary = temporary
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    printError("planledger: cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
                    throw Exit.internalError
                }
                offset += n
            }
        }
    }

    /// Makes the file appear under its name.
    func commit() throws {
        guard let path, let temporary else { return }
        guard fsync(fd) == 0, close(fd) == 0, rename(temporary, path) == 0 else {
            printError("planledger: cannot complete \(path): \(String(cString: strerror(errno)))")
            unlink(temporary)
            throw Exit.internalError
        }
    }

    /// Removes the unfinished file (after a failure).
    func discard() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
    }
}
