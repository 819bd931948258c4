import Synchronization

/// Tells whoever waits for new events (the event stream) that the ledger's head moved. The writer calls
/// `advance(to:)` after each durable commit; each subscriber gets the newest head seq (older ones are dropped,
/// since a subscriber reads every event up to the head anyway). Appends by another process are not signalled:
/// subscribers also poll the head.
public final class HeadSignal: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<Int>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    /// Signals every subscriber that the head is now `seq`.
    public func advance(to seq: Int) {
        subscribers.withLock { for continuation in $0.values { continuation.yield(seq) } }
    }

    /// A stream of head seqs, buffered to the newest one; it ends when the consumer stops iterating.
    public func subscribe() -> AsyncStream<Int> {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }
}
