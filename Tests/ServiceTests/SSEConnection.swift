import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One Server-Sent Events message or comment as a client reads it.
struct SSEMessage: Sendable, Hashable {
    var id: Int?
    var event: String?
    var data: String?
    /// A comment line's text (`: heartbeat` → "heartbeat").
    var comment: String?
}

/// A plain HTTP/1.1 client for `text/event-stream` over a TCP socket on loopback, reading the chunked body as it
/// arrives: HummingbirdTesting's clients wait for a whole body, which an event stream never ends. Reads never block
/// a thread for long (non-blocking `recv`, then an async sleep), so the server in the same process keeps running.
final class SSEConnection {
    private let socketDescriptor: Int32
    private var raw: [UInt8] = []
    private var headerRead = false
    private var text = ""
    private(set) var status = 0
    private(set) var head = ""
    private(set) var ended = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(port: Int, path: String, headers: [String: String] = [:]) throws {
        #if canImport(Glibc)
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socketDescriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketDescriptor >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port) failed") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        let sent = bytes.withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure(description: "send failed") }
    }

    deinit { close() }

    private var closed = false
    /// Closes the connection (the client goes away).
    func close() {
        guard !closed else { return }
        closed = true
        #if canImport(Glibc)
        _ = Glibc.close(socketDescriptor)
        #else
        _ = Darwin.close(socketDescriptor)
        #endif
    }

    /// Reads until `done` holds for the messages read so far, the server ends the response, or `seconds` pass (then it
    /// throws: a test fails rather than hangs forever). The default is long on purpose: no test here depends on how fast
    /// the machine is, and a full parallel run on two cores can keep the server's tasks waiting for minutes.
    /// Returns every message read on this connection.
    @discardableResult
    func read(seconds: Double = 600, until done: ([SSEMessage]) -> Bool) async throws -> [SSEMessage] {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let messages = parsed()
            if done(messages) || ended { return messages }
            guard Date() < deadline else { throw Failure(description: "timed out; read so far: \(messages)") }
            let n = buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                raw += buffer[0..<n]
                decode()
            } else if n == 0 {
                ended = true
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Moves what arrived from `raw` into `text`: the status line and headers first, then the chunks of the body.
    private func decode() {
        if !headerRead {
            guard let end = find([13, 10, 13, 10], in: raw) else { return }
            head = String(decoding: raw[0..<end], as: UTF8.self)
            status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
            raw.removeFirst(end + 4)
            headerRead = true
        }
        while let lineEnd = find([13, 10], in: raw) {
            let sizeText = String(decoding: raw[0..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { ended = true; return }
            if size == 0 { ended = true; return }
            guard raw.count >= lineEnd + 2 + size + 2 else { return }
            text += String(decoding: raw[(lineEnd + 2)..<(lineEnd + 2 + size)], as: UTF8.self)
            raw.removeFirst(lineEnd + 2 + size + 2)
        }
    }

    /// The complete messages (blocks ended by a blank line) in `text`.
    private func parsed() -> [SSEMessage] {
        var messages: [SSEMessage] = []
        var blocks = text.components(separatedBy: "\n\n")
        blocks.removeLast()  // not yet complete (or empty)
        for block in blocks {
            var message = SSEMessage()
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") {
                    message.comment = line.dropFirst().trimmingCharacters(in: .whitespaces)
                } else if line.hasPrefix("id: ") {
                    message.id = Int(line.dropFirst(4))
                } else if line.hasPrefix("event: ") {
                    message.event = String(line.dropFirst(7))
                } else if line.hasPrefix("data: ") {
                    message.data = String(line.dropFirst(6))
                }
            }
            messages.append(message)
        }
        return messages
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
