import ArgumentParser
import Catalogue
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
                let store = try ledger.openForReading()
                let events = try store.history(plan: plan)
                if events.isEmpty {
                    var message = Message.noPlanInLedger(plan: plan, path: ledger.path).text(reading)
                    if let guess = closestKey(to: plan, in: try store.planKeys()) { message += Message.didYouMean(guess).text(reading) }
                    printError(message)
                    throw Exit.missing
                }
                switch output.resolved {
                case .json:
                    print(PrettyJSON.string(.array(events.map(\.exported))))
                case .csv:
                    var csv = CSV(header: ["seq", "recorded", "actor", "type", "effective", "id", "data", "hash"])
                    for e in events {
                        csv.add([.number(e.seq), .text(e.recorded.description), .optional(e.actor), .text(e.type.rawValue),
                                 .text(e.effective.description), .text(e.id), .text(CanonicalJSON.string(.object(e.data))), .text(Hex.encode(e.hash))])
                    }
                    print(csv.text, terminator: "")
                case .table:
                    let rows = events.map { e in
                        [String(e.seq), e.recorded.description, e.actor ?? "", e.type.rawValue, e.effective.description, summary(of: e)]
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
            case .eventCorrected(let c): return Message.correctsSummary(seq: c.target, reason: c.reason).text(reading)
            case .eventRetracted(let r): return Message.retractsSummary(seq: r.target, reason: r.reason).text(reading)
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
