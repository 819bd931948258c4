import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections
import Synchronization

extension Planledger {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a ledger from the shipped example history (from the seed documents) and show what it can do.",
            discussion: "The ledger goes to a new temporary file unless --ledger names one (which must not exist). The history is appended as it was recorded over the years, so its transaction times are those of the story.")

        @Option(name: .long, help: ArgumentHelp("Where to build the demo ledger (a new file).", valueName: "path"))
        var ledger: String?

        func run() throws {
            let path = ledger ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("planledger-demo-\(UUID().uuidString.prefix(8).lowercased()).sqlite").path
            let correction = try reportingFailures { try build(at: path) }
            Story(path: path, correctionSeq: correction).tell()
        }

        /// Appends the example history batch by batch, the clock set to each batch's recording time.
        /// Returns the seq of the correction in it.
        private func build(at path: String) throws -> Int {
            let clock = Mutex(Timestamp(millisecondsSinceEpoch: 0))
            var environment = LedgerEnvironment.live
            environment.now = { clock.withLock { $0 } }
            let store = try Ledger.create(at: path, environment: environment, logger: cliLogger, projections: StandardProjections.all)
            var correction = 0
            for batch in DemoHistory.batches {
                clock.withLock { $0 = Timestamp(rfc3339: batch.recorded)! }
                let lines = batch.lines.split(separator: "\n").enumerated().map { i, line in
                    InputLine(line: i + 1, event: EventDecoder.decode(String(line)))
                }
                let result = try store.append(lines, actor: "registrator:demo")
                if batch.lines.contains("event.corrected") { correction = result.seqs.first ?? 0 }
            }
            return correction
        }
    }
}

/// The tour: each step says what a registrar, an auditor or a member of staff asks, then shows the command
/// and its real output.
private struct Story {
    let path: String
    let correctionSeq: Int

    func step(_ title: String, _ explanation: String, _ args: [String]) {
        print("\n\u{2500}\u{2500} \(title) " + String(repeating: "\u{2500}", count: max(3, 76 - title.count)))
        print(explanation)
        print("\n$ planledger \(args.map(quoted).joined(separator: " "))")
        do {
            var command = try Planledger.parseAsRoot(args + ["--ledger", path])
            try command.run()
        } catch {
            print("(the command failed: \(error))")
        }
    }

    func quoted(_ s: String) -> String {
        s.contains(" ") ? "\"\(s)\"" : s
    }

    func tell() {
        print("""
            planledger demo: a ledger built from the example history (the seed documents: a rutin with its
            change list, Anvisning planering 2017, the planning process, the board plan 2023–2025 with its
            assignments, and a division's April 2022 follow-up), \(DemoHistory.batches.count) appends recorded 2013–2023.
            Ledger: \(path)
            """)
        step("1. The plans in force today", "Each with the version in force and who approved it; `plans` without --status lists the expired too.",
             ["plans", "--status", "in-force", "--format", "table"])
        step("2. A change list (ändringsförteckning)",
             "The rutin's four versions; versions 1 and 2 have no approver (Beslutat av), as in the original document.",
             ["changes", "rutin-overgripande-handlingsplan", "--format", "table"])
        step("3a. Replay: what was in force on 2014-07-01?", "Version 2 of the rutin, adopted 2014-06-24.",
             ["plans", "--as-of", "2014-07-01", "--format", "table"])
        step("3b. Replay: 2016-12-31",
             "The strategic plan 2017–2019 and the plans below it, adopted in the autumn of 2016.",
             ["replay", "--as-of", "2016-12-31", "--format", "table"])
        step("3c. Replay: 2023-07-01", "The revised board plan 2023–2025 (Dnr 1043-2022) is in force; the 2017 plans have expired.",
             ["plans", "--as-of", "2023-07-01", "--format", "table"])
        step("4. Overdue assignments on 2023-07-01", "Deadline passed and not done (uppdrag, klart senast).",
             ["assignments", "--overdue", "--as-of", "2023-07-01", "--format", "table"])
        step("5a. A correction, with knowledge from before it",
             "Version 2 was first recorded as of 2014-06-14. Asked as the register stood before the correction (seq \(correctionSeq - 1)):",
             ["changes", "rutin-overgripande-handlingsplan", "--known-at", String(correctionSeq - 1), "--format", "table"])
        step("5b. … and now", "The correction (seq \(correctionSeq)) moved it to 2014-06-24; the row says it was corrected. The log itself was not edited.",
             ["changes", "rutin-overgripande-handlingsplan", "--format", "table"])
        step("5c. So what was in force on 2014-06-20 depends on what was known",
             "With the old knowledge version 2; with today's, version 1.",
             ["plans", "--as-of", "2014-06-20", "--known-at", String(correctionSeq - 1), "--format", "table"])
        step("6. The diary in public mode",
             "A classified entry shows only its dnr, date and the OSL ground (Sekretess enligt …).",
             ["diary", "--public", "--format", "table"])
        step("7. Follow-ups of the division's plan 2022", "April's outcomes (seed 004); August and the year were never reported.",
             ["followups", "divisionsplan-service-2022", "--as-of", "2023-03-01", "--format", "table"])
        step("8. Audit findings on 2023-07-15", "What an auditor should look at.",
             ["audit", "--as-of", "2023-07-15", "--format", "table"])
        step("9. Verify", "Recompute the hash chain and rebuild every projection from the log to compare.", ["verify", "--format", "table"])
        print("""

            \u{2500}\u{2500} Try it yourself \u{2500}\u{2500}
            export PLANLEDGER_LEDGER=\(path)
            planledger show rutin-overgripande-handlingsplan --version 3
            planledger chain strategisk-plan-2017
            planledger history rutin-overgripande-handlingsplan
            planledger diary --from 2023-01-01 --to 2023-12-31 --format csv
            planledger assignments --overdue --format json
            planledger export | head -3
            planledger revise rutin-overgripande-handlingsplan --version 5 --change "Ny revidering" --approved-by Regiondirektör --effective 2026-11-25
            """)
    }
}
