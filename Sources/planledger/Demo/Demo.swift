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
            discussion: "The ledger goes to a temporary file, removed when the tour ends, unless --ledger names a new file to keep it in. The history is appended as it was recorded over the years, so its transaction times are those of the story.")

        @Option(name: .long, help: ArgumentHelp("Keep the demo ledger in this new file (never overwritten).", valueName: "path"))
        var ledger: String?

        @Option(name: .long, help: ArgumentHelp("Not taken: the tour is a story of several commands' tables, not one result; run the commands it shows with --format json.", valueName: "format"))
        var format: String?

        func validate() throws {
            if let format {
                throw ValidationError("--format \(format): demo tells a story in tables and prints no single result to format; run the commands it shows (planledger plans --format \(format) …) on its ledger instead")
            }
        }

        func run() throws {
            if let ledger, FileManager.default.fileExists(atPath: ledger) {
                printError("planledger: \(ledger) already exists; demo builds a new ledger and never overwrites a file: give --ledger a new path, or leave it out for a temporary ledger")
                throw Exit.cannotCreate
            }
            let path = ledger ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("planledger-demo-\(UUID().uuidString.prefix(8).lowercased()).sqlite").path
            // A temporary ledger is removed with its WAL and shared-memory files however the tour ends.
            defer { if ledger == nil { Demo.remove(ledgerAt: path) } }
            let correction = try reportingFailures { try build(at: path) }
            Story(path: path, kept: ledger != nil, correctionSeq: correction).tell()
        }

        /// Removes a SQLite ledger file and the `-wal`, `-shm` and `-journal` files beside it.
        static func remove(ledgerAt path: String) {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
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
    /// Whether the ledger outlives the tour (`--ledger`); a temporary one is removed at its end.
    let kept: Bool
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
            Ledger: \(path)\(kept ? "" : " (temporary: removed when the tour ends)")
            """)
        step("1. The plans in force today", "Every plan with its version in force, status and approver.", ["plans", "--format", "table"])
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
        print("")
        print(Planledger.Demo.tryItYourself(ledger: kept ? path : nil))
    }
}

extension Planledger.Demo {
    /// The tour's last section: commands to run by hand, with how to get `planledger` onto the PATH first (after
    /// `swift run` it is not) and, when the tour's ledger was temporary, how to build one that is kept.
    static func tryItYourself(ledger: String?) -> String {
        var lines = [
            "\u{2500}\u{2500} Try it yourself \u{2500}\u{2500}",
            "# If planledger is not on your PATH (after `swift run` it is not), build it once and install it, or call .build/release/planledger:",
            "swift build -c release",
            "install -m 755 .build/release/planledger /usr/local/bin/     # or ~/.local/bin/",
        ]
        if let ledger {
            lines.append("export PLANLEDGER_LEDGER=\(ledger)")
        } else {
            lines.append("planledger demo --ledger demo.sqlite     # this tour's ledger was temporary and is gone; keep one")
            lines.append("export PLANLEDGER_LEDGER=demo.sqlite")
        }
        lines += [
            "planledger show rutin-overgripande-handlingsplan --version 3",
            "planledger chain strategisk-plan-2017",
            "planledger history rutin-overgripande-handlingsplan",
            "planledger diary --from 2023-01-01 --to 2023-12-31 --format csv",
            "planledger assignments --overdue --format json",
            "planledger export | head -3",
            "planledger revise rutin-overgripande-handlingsplan --version 5 --change \"Ny revidering\" --approved-by Regiondirektör --effective 2026-11-25",
        ]
        return lines.joined(separator: "\n")
    }
}
