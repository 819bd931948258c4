/// An event as the log holds it: the user's envelope plus what the ledger adds (seq, recorded, prev, hash).
public struct RecordedEvent: Sendable, Hashable {
    /// Position in the log: 1, 2, 3 … without gaps.
    public var seq: Int
    public var id: String
    public var type: EventType
    public var plan: String?
    public var effective: LedgerDate
    /// Transaction time; never decreases along `seq`.
    public var recorded: Timestamp
    public var actor: String?
    public var data: [String: JSONValue]
    /// The previous event's hash (32 zero bytes for seq 1).
    public var prev: [UInt8]
    public var hash: [UInt8]

    public init(
        seq: Int, id: String, type: EventType, plan: String?, effective: LedgerDate, recorded: Timestamp,
        actor: String?, data: [String: JSONValue], prev: [UInt8], hash: [UInt8]
    ) {
        self.seq = seq
        self.id = id
        self.type = type
        self.plan = plan
        self.effective = effective
        self.recorded = recorded
        self.actor = actor
        self.data = data
        self.prev = prev
        self.hash = hash
    }

    /// The typed payload. Stored data was validated on append, so a failure here means a damaged ledger.
    public func payload() throws(Rejection) -> Payload {
        switch Payload.read(type, data: data) {
        case .success(let p): return p
        case .failure(let problems): throw Rejection(problems: problems.problems.map { Problem(field: "seq \(seq) \($0.field ?? "")", reason: $0.reason) })
        }
    }
}
