import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

extension Planledger {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The raw event trail of a plan, corrections included, with seq, recorded and actor.")

        @Argument(help: "The plan's key.")
        var plan: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try reportingFailures {
                let store = try ledger.open()
                let events = try store.history(plan: plan)
                if events.isEmpty {
                    var message = "planledger: no plan \"\(plan)\" in \(ledger.path)"
                    if let guess = closestKey(to: plan, in: try store.planKeys()) { message += "; did you mean \"\(guess)\"?" }
                    printError(message)
                    throw Exit.missing
                }
                switch output.resolved {
                case .json:
                    print(PrettyJSON.string(.array(events.map(\.exported))))
                case .csv:
                    // `data` differs by type: one cell of canonical JSON, as `export` writes it.
                    let columns = ["seq", "recorded", "actor", "type", "plan", "effective", "id", "data", "prev", "hash"]
                    print(CSV(columns: columns, rows: events.map(\.exported)).text, terminator: "")
                case .table:
                    let rows = events.map { e in
                        [String(e.seq), e.recorded.description, e.actor ?? absent, e.type.rawValue, e.effective.description, summary(of: e)]
                    }
                    print(Table(columns: ["seq", "recorded", "actor", "type", "effective", "what"], rows: rows, rightAligned: [0]).render())
                }
            }
        }

        /// One line on what the event says, for the table.
        private func summary(of e: RecordedEvent) -> String {
            guard let payload = try? e.payload() else { return CanonicalJSON.string(.object(e.data)) }
            switch payload {
            case .planRegistered(let p): return p.title
            case .planRevised(let r): return "version \(r.version): \(r.change)" + (r.approvedBy.map { " (\($0))" } ?? "")
            case .planRepealed(let r): return "repealed: \(r.reason) (\(r.approvedBy))"
            case .decisionRecorded(let d): return "\(d.dnr) \(d.body): \(d.subject)"
            case .assignmentIssued(let a): return "\(a.assignment): \(a.title), due \(a.deadline)"
            case .assignmentReported(let a): return "\(a.assignment): \(a.status.rawValue), \(a.note)"
            case .followupRecorded(let f): return "\(f.metric) \(f.period): \(CanonicalJSON.string(f.outcome))"
            case .diaryRegistered(let d): return "\(d.dnr): \(d.secrecy == nil ? d.title : "(sekretess)")"
            case .diaryArchived(let a): return "\(a.dnr): \(a.retention.rawValue)"
            case .eventCorrected(let c): return "corrects seq \(c.target): \(c.reason)"
            case .eventRetracted(let r): return "retracts seq \(r.target): \(r.reason)"
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
