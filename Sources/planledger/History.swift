import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import Projections
import LedgerStore

extension Planledger {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "The raw event trail of a plan, corrections included, with seq, recorded and actor.",
            discussion: """
                --known-at K keeps the events the ledger had recorded at K (seq ≤ K); --as-of D keeps the events \
                effective on or before D. Without --as-of every event is listed, future-dated ones included: the trail \
                is the log, not a state.
                """)

        @Argument(help: "The plan's key.")
        var plan: String

        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let store = try ledger.openForReading()
                let events: [RecordedEvent]
                switch try LedgerQueries(store).history(plan, asOf: time.asOf == nil ? nil : time.date, knownAt: time.known) {
                case .events(let found): events = found
                case .noSuchPlan:
                    var message = Message.noPlanInLedger(plan: plan, path: ledger.path).text(reading)
                    if let guess = closestKey(to: plan, in: try store.planKeys()) { message += Message.didYouMean(guess).text(reading) }
                    printError(message)
                    throw Exit.missing
                case .noEventsAtThatPoint:
                    printError("planledger: plan \"\(plan)\" has no events \(time.describe)")
                    throw Exit.missing
                }
                switch output.resolved {
                case .json:
                    print(PrettyJSON.string(AnswerJSON.history(events)))
                case .csv:
                    // `data` differs by type: one cell of canonical JSON, as `export` writes it.
                    print(CSV(columns: RecordedEvent.csvColumns, rows: events.map(\.exported)).text, terminator: "")
                case .table:
                    let rows = events.map { e in
                        [String(e.seq), e.recorded.description, e.actor ?? absent, e.type.rawValue, e.effective.description, summary(of: e)]
                    }
                    print(Table(columns: reading.texts([.seq, .recorded, .actor, .type, .effective, .what]), rows: rows, rightAligned: [0]).render())
                }
            }
        }

        /// One line on what the event says, for the table.
        private func summary(of e: RecordedEvent) -> String {
            guard let payload = try? e.payload() else { return CanonicalJSON.string(.object(e.data)) }
            switch payload {
            case .planRegistered(let p): return p.title
            case .planRevised(let r): return Message.revisedSummary(version: r.version, change: r.change, approvedBy: r.approvedBy).text(reading)
            case .planRepealed(let r): return Message.repealedSummary(reason: r.reason, approvedBy: r.approvedBy).text(reading)
            case .decisionRecorded(let d): return "\(d.dnr) \(d.body): \(d.subject)"
            case .assignmentIssued(let a): return Message.issuedSummary(assignment: a.assignment, title: a.title, deadline: a.deadline).text(reading)
            case .assignmentReported(let a): return Message.reportedSummary(assignment: a.assignment, status: a.status, note: a.note).text(reading)
            case .followupRecorded(let f): return "\(f.metric) \(f.period): \(reading.value(f.outcome))"
            case .diaryRegistered(let d): return "\(d.dnr): \(d.secrecy == nil ? d.title : "(sekretess)")"
            case .diaryArchived(let a): return "\(a.dnr): \(a.retention.word(reading))"
            case .processPlanned(let p): return "\(p.process): \(p.title)"
            case .processRevised(let r): return "\(r.process): \(r.change)"
            case .milestoneReached(let m): return "\(m.process) \(m.milestone)\(m.note.map { ": \($0)" } ?? "")"
            case .policyAdopted(let p): return "\(p.policy): \(p.perspectives.map(\.rawValue).joined(separator: ", ")) (\(p.kinds.joined(separator: ", ")))"
            case .eventCorrected(let c): return Message.correctsSummary(seq: c.target, reason: c.reason).text(reading)
            case .eventRetracted(let r): return Message.retractsSummary(seq: r.target, reason: r.reason).text(reading)
            case .activityReported(let a): return "\(a.activity): \(a.status.word(reading)), \(a.note)"
            }
        }
    }
}

/// The known key nearest to `key` by edit distance, if it is close enough to be a typo.
func closestKey(to key: String, in keys: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
    let target = Array(key)
    let best = keys.map { ($0, distance(target, Array($0))) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= max(2, key.count / 4) else { return nil }
    return best.0
}

extension TimeOptions {
    /// "as of D, known at K" for messages, naming only what was given.
    var describe: String {
        [asOf.map { "as of \($0)" }, knownAt.map { "as known at \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }
}

extension RecordedEvent {
    /// The CSV columns of an event, for `history` and `export --format csv`.
    static let csvColumns = ["seq", "recorded", "actor", "type", "plan", "effective", "id", "data", "prev", "hash"]

    var csvRow: [CSVCell] {
        [.number(seq), .text(recorded.description), .optional(actor), .text(type.rawValue), .optional(plan), .text(effective.description),
         .text(id), .text(CanonicalJSON.string(.object(data))), .text(Hex.encode(prev)), .text(Hex.encode(hash))]
    }
}
