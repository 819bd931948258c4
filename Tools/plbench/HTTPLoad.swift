import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One request a load client sends: method, path with query, headers and an optional body.
struct LoadRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders = [:]
    var body: [UInt8]? = nil
}

/// A set of keep-alive connections that send the same kind of request, each back to back: the next request
/// leaves when the previous answer has been read in full (HTTP/1.1, no pipelining). `request(connection, index)`
/// builds the `index`-th request of a connection; it runs on the connection's event loop.
struct LoadGroup: Sendable {
    var name: String
    var connections: Int
    var request: @Sendable (_ connection: Int, _ index: Int) -> LoadRequest
}

/// What one group of connections did inside the measuring window.
struct LoadResult: Sendable {
    var name: String
    var connections: Int
    /// The window's length in seconds.
    var seconds: Double
    /// Latencies in milliseconds (request written → answer read in full) of the 2xx answers completed in the window.
    var latencies = Samples()
    /// Answers by status code, completed in the window.
    var statuses: [Int: Int] = [:]
    /// The first answer that was not 2xx (status and the start of its body), or the first connection error.
    var firstFailure: String?
    /// Body bytes of the 2xx answers completed in the window.
    var bytes = 0

    /// The mean body of a 2xx answer, in bytes (0 when there was none).
    var meanBytes: Int { latencies.isEmpty ? 0 : bytes / latencies.count }

    /// 2xx answers completed in the window per second.
    var rate: Double { Double(latencies.count) / seconds }
    var failures: Int { statuses.filter { !(200..<300).contains($0.key) }.values.reduce(0, +) }

    mutating func merge(_ outcome: ConnectionOutcome) {
        for value in outcome.latencies { latencies.add(value) }
        for (status, count) in outcome.statuses { statuses[status, default: 0] += count }
        bytes += outcome.bytes
        if firstFailure == nil { firstFailure = outcome.firstFailure }
    }

    /// "200: 5120, 503: 2" for notes.
    var statusSummary: String { statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") }
}

/// What one connection saw in the window.
struct ConnectionOutcome: Sendable {
    var latencies: [Double] = []
    var statuses: [Int: Int] = [:]
    var firstFailure: String?
    var bytes = 0
}

/// Drives one connection: writes a request, reads its answer, records it when it completed inside the window,
/// and writes the next until the window closes; then closes the connection and hands its outcome over.
private final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let connection: Int
    let windowStart: Double
    let windowEnd: Double
    let request: @Sendable (Int, Int) -> LoadRequest
    let done: EventLoopPromise<ConnectionOutcome>
    private var outcome = ConnectionOutcome()
    private var index = 0
    private var sentAt = 0.0
    private var status = 0
    private var failureBody: [UInt8] = []
    private var bodyBytes = 0

    init(connection: Int, windowStart: Double, windowEnd: Double, request: @escaping @Sendable (Int, Int) -> LoadRequest,
         done: EventLoopPromise<ConnectionOutcome>) {
        self.connection = connection
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.request = request
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context)
        context.fireChannelActive()
    }

    private func send(_ context: ChannelHandlerContext) {
        let next = request(connection, index)
        index += 1
        var head = HTTPRequestHead(version: .http1_1, method: next.method, uri: next.uri, headers: next.headers)
        head.headers.replaceOrAdd(name: "Host", value: "127.0.0.1")
        if let body = next.body { head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count)) }
        sentAt = monotonicSeconds()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body = next.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            failureBody.removeAll(keepingCapacity: true)
            bodyBytes = 0
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if !(200..<300).contains(status), failureBody.count < 600 { failureBody += buffer.readableBytesView.prefix(600) }
        case .end:
            let now = monotonicSeconds()
            if now >= windowStart, now <= windowEnd {
                outcome.statuses[status, default: 0] += 1
                if (200..<300).contains(status) {
                    outcome.latencies.append((now - sentAt) * 1000)
                    outcome.bytes += bodyBytes
                } else if outcome.firstFailure == nil {
                    let body = String(decoding: failureBody, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    outcome.firstFailure = "\(status): \(body)"
                }
            }
            if now < windowEnd { send(context) } else { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.succeed(outcome)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if outcome.firstFailure == nil { outcome.firstFailure = "connection \(connection): \(error)" }
        context.close(promise: nil)
    }
}

/// A small HTTP/1.1 load generator over SwiftNIO, on its own event loops (not the server's).
final class HTTPLoad {
    let group: MultiThreadedEventLoopGroup

    init(threads: Int = 2) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    }

    deinit { try? group.syncShutdownGracefully() }

    /// Opens every group's connections to `host:port` at once and lets them send for `warmUp + seconds`; only
    /// answers completed in the last `seconds` count. Returns one result per group, in their order, and the CPU this
    /// process (server and clients) and the machine used in the window.
    func run(host: String, port: Int, groups: [LoadGroup], warmUp: Double, seconds: Double) throws -> (results: [LoadResult], cpu: CPUUse) {
        let start = monotonicSeconds() + 0.05
        let windowStart = start + warmUp, windowEnd = windowStart + seconds
        var futures: [[EventLoopFuture<ConnectionOutcome>]] = []
        for loadGroup in groups {
            var connections: [EventLoopFuture<ConnectionOutcome>] = []
            for connection in 0..<loadGroup.connections {
                let loop = group.next()
                let done = loop.makePromise(of: ConnectionOutcome.self)
                let request = loadGroup.request
                let connected = ClientBootstrap(group: loop)
                    .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHTTPClientHandlers()
                            try channel.pipeline.syncOperations.addHandler(
                                LoadHandler(connection: connection, windowStart: windowStart, windowEnd: windowEnd,
                                            request: request, done: done))
                        }
                    }
                    .connect(host: host, port: port)
                connected.whenFailure { done.fail($0) }
                connections.append(done.futureResult)
            }
            futures.append(connections)
        }
        func sleep(until moment: Double) {
            let left = moment - monotonicSeconds()
            if left > 0 { usleep(UInt32(left * 1e6)) }
        }
        sleep(until: windowStart)
        let before = CPUSnapshot.now()
        sleep(until: windowEnd)
        let cpu = CPUSnapshot.now().since(before)
        var results: [LoadResult] = []
        for (loadGroup, connections) in zip(groups, futures) {
            var result = LoadResult(name: loadGroup.name, connections: loadGroup.connections, seconds: seconds)
            for future in connections {
                do { result.merge(try future.wait()) } catch {
                    if result.firstFailure == nil { result.firstFailure = "connect: \(error)" }
                }
            }
            results.append(result)
        }
        return (results, cpu)
    }
}
