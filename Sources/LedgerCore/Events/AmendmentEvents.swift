/// `event.corrected`: what an earlier event should have said. The earlier event stays in the log.
public struct EventCorrected: Sendable, Hashable {
    public var target: Int
    public var reason: String
    /// The replacement's effective date; `nil` keeps the target's.
    public var effective: LedgerDate?
    /// The replacement data, raw: it is validated against the target's type when the target is known.
    public var data: [String: JSONValue]

    static func read(_ r: inout FieldReader) -> EventCorrected? {
        let target = r.integer("target", range: 1...Int.max), reason = r.string("reason")
        let replacement: (LedgerDate?, [String: JSONValue])? = r.object("replacement") { r in
            let effective = r.date("effective", required: false)
            guard let v = r.value("data", required: true) else { return nil }
            guard case .object(let data) = v else {
                r.report("data", "expected an object, got \(v.kindDescription)")
                return nil
            }
            return (effective, data)
        }
        guard let target, let reason, let replacement else { return nil }
        return EventCorrected(target: target, reason: reason, effective: replacement.0, data: replacement.1)
    }
}

/// `event.retracted`: an earlier event counts as never having happened.
public struct EventRetracted: Sendable, Hashable {
    public var target: Int
    public var reason: String

    static func read(_ r: inout FieldReader) -> EventRetracted? {
        let target = r.integer("target", range: 1...Int.max), reason = r.string("reason")
        guard let target, let reason else { return nil }
        return EventRetracted(target: target, reason: reason)
    }
}
