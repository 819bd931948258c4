import Foundation

/// One line of input as the append sees it: a decoded event, or the problems that kept it from being one.
public struct InputLine: Sendable {
    /// 1-based line number in the input, nil for events built in code.
    public var line: Int?
    public var event: Result<ProposedEvent, Rejection>
    /// The RFC 8785 bytes of the event's `data`, when the reader has encoded them already (off the writer's
    /// thread, see `Prefetched`); nil for events built in code.
    public internal(set) var canonicalData: [UInt8]?

    public init(line: Int?, event: Result<ProposedEvent, Rejection>) {
        self.line = line
        self.event = event
    }
}

/// Reads JSON Lines from a file descriptor and decodes each line lazily, so that a file of any size is
/// streamed with memory bounded by the longest accepted line.
///
/// Blank lines are skipped (but counted), a trailing `\r` is dropped (files from Windows), and a UTF-8
/// byte order mark at the very start is ignored. A line over `EventDecoder.maxLineBytes` is not buffered:
/// it is skipped to its newline and reported with its length.
public struct JSONLinesReader: Sequence, IteratorProtocol {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    /// A read error (not end of file): reported as a problem so that the append is refused, not cut short.
    private var readError: String?
    private var lineNumber = 0
    /// Bytes read so far, for progress.
    public private(set) var bytesRead = 0
    private static let chunk = 1 << 20

    public init(fileDescriptor: Int32) {
        self.fd = fileDescriptor
    }

    /// Reads JSON Lines already in memory (the body of an HTTP request), line by line exactly as from a file.
    public init(bytes: [UInt8]) {
        self.fd = -1
        self.buffer = bytes
        self.eof = true
        self.bytesRead = bytes.count
    }

    private mutating func fill() -> Bool {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let old = buffer.count
        buffer.reserveCapacity(old + Self.chunk)
        var got = 0
        buffer.append(contentsOf: repeatElement(0, count: Self.chunk))
        buffer.withUnsafeMutableBytes { raw in
            repeat {
                got = Foundation.read(fd, raw.baseAddress! + old, Self.chunk)
            } while got < 0 && errno == EINTR
        }
        buffer.removeLast(Self.chunk - Swift.max(got, 0))
        if got < 0 { readError = String(cString: strerror(errno)) }
        if got <= 0 {
            eof = true
            return false
        }
        bytesRead += got
        return true
    }

    public mutating func next() -> InputLine? {
        while true {
            // Find the next newline in what is buffered, reading more as needed.
            var scanned = 0  // bytes after `start` known to hold no newline
            var newline: Int?
            var overlong = 0
            while true {
                if let i = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                    newline = i
                    break
                }
                scanned = buffer.count - start
                if scanned > EventDecoder.maxLineBytes {
                    // Too long to ever be accepted: count it, drop it, keep looking for its end.
                    overlong += scanned
                    start = buffer.count
                    scanned = 0
                }
                if eof || !fill() { break }
            }
            if let error = readError {
                readError = nil
                return InputLine(line: lineNumber + 1, event: .failure(Rejection(problems: [Problem(field: nil, reason: "cannot read the input: \(error)")])))
            }
            let end = newline ?? buffer.count
            if newline == nil, end == start, overlong == 0 { return nil }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            var lineStart = start
            if lineNumber == 1, lineEnd - lineStart >= 3, buffer[lineStart] == 0xEF, buffer[lineStart + 1] == 0xBB,
                buffer[lineStart + 2] == 0xBF
            {
                lineStart += 3
            }
            start = newline.map { $0 + 1 } ?? buffer.count
            if overlong > 0 {
                let length = overlong + (lineEnd - lineStart)
                return InputLine(line: lineNumber, event: .failure(Rejection(problems: [
                    Problem(field: nil, reason: "line is \(length) bytes, longer than the 1 MiB (\(EventDecoder.maxLineBytes) bytes) a line may be")
                ])))
            }
            let isBlank = buffer[lineStart..<lineEnd].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if isBlank { continue }
            let result = buffer.withUnsafeBytes { raw in
                EventDecoder.decode(UnsafeRawBufferPointer(rebasing: raw[lineStart..<lineEnd]))
            }
            var input = InputLine(line: lineNumber, event: result)
            if case .success(let event) = result { input.canonicalData = CanonicalJSON.encode(.object(event.data)) }
            return input
        }
    }
}
