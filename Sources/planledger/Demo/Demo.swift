import ArgumentParser
import Catalogue
import Foundation
import LedgerCore
import LedgerStore
import Projections
import Synchronization

extension Planledger {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
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

    /// A step of the story in the reader's language (the `Catalogue`), then its command and output.
    func step(_ step: DemoStory, _ args: [String]) {
        let title = step.title(reading)
        print("\n\u{2500}\u{2500} \(title) " + String(repeating: "\u{2500}", count: max(3, 76 - title.count)))
        print(step.explanation(reading, correctionSeq: correctionSeq))
        print("\n$ planledger \(args.map(quoted).joined(separator: " "))")
        do {
            var command = try Planledger.parseAsRoot(args + ["--ledger", path])
            try command.run()
        } catch {
            print(DemoStory.commandFailed(reading, "\(error)"))
        }
    }

    func quoted(_ s: String) -> String {
        s.contains(" ") ? "\"\(s)\"" : s
    }

    func tell() {
        print(DemoStory.opening(reading, appends: DemoHistory.batches.count, path: path) + (kept ? "" : DemoStory.temporaryLedger(reading)))
        step(.plansToday, ["plans", "--status", "in-force", "--format", "table"])
        step(.changeList, ["changes", "rutin-overgripande-handlingsplan", "--format", "table"])
        step(.replay2014, ["plans", "--as-of", "2014-07-01", "--format", "table"])
        step(.replay2016, ["replay", "--as-of", "2016-12-31", "--format", "table"])
        step(.replay2023, ["plans", "--as-of", "2023-07-01", "--format", "table"])
        step(.overdue, ["assignments", "--overdue", "--as-of", "2023-07-01", "--format", "table"])
        step(.planningProcess, ["process", "planeringsprocess-2024", "--as-of", "2023-05-15", "--format", "table"])
        step(.overdueActivities, ["activities", "--overdue", "--as-of", "2024-01-15", "--format", "table"])
        step(.knownBefore, ["changes", "rutin-overgripande-handlingsplan", "--known-at", String(correctionSeq - 1), "--format", "table"])
        step(.knownNow, ["changes", "rutin-overgripande-handlingsplan", "--format", "table"])
        step(.dependsOnKnowledge, ["plans", "--as-of", "2014-06-20", "--known-at", String(correctionSeq - 1), "--format", "table"])
        step(.publicDiary, ["diary", "--public", "--format", "table"])
        step(.followups, ["followups", "divisionsplan-service-2022", "--as-of", "2023-03-01", "--format", "table"])
        step(.budget, ["budget", "divisionsplan-service-2017", "--as-of", "2017-03-01", "--format", "table"])
        step(.policies, ["policies", "--format", "table"])
        step(.analyses, ["show", "handlingsplan-attraktiv-arbetsgivare-2016", "--format", "table"])
        step(.audit, ["audit", "--as-of", "2023-07-15", "--format", "table"])
        step(.search, ["search", "vård", "--as-of", "2023-07-01", "--format", "table"])
        step(.verify, ["verify", "--format", "table"])
        print("")
        print(Planledger.Demo.tryItYourself(ledger: kept ? path : nil))
    }
}

extension Planledger.Demo {
    /// The tour's last section: commands to run by hand, with how to get `planledger` onto the PATH first (after
    /// `swift run` it is not) and, when the tour's ledger was temporary, how to build one that is kept.
    static func tryItYourself(ledger: String?) -> String {
        var lines = [
            "\u{2500}\u{2500} \(DemoStory.tryItYourself(reading)) \u{2500}\u{2500}",
            DemoStory.installHint(reading),
            "swift build -c release",
            "install -m 755 .build/release/planledger /usr/local/bin/     " + DemoStory.installElsewhere(reading),
        ]
        if let ledger {
            lines.append("export PLANLEDGER_LEDGER=\(ledger)")
        } else {
            lines.append("planledger demo --ledger demo.sqlite     " + DemoStory.keepOne(reading))
            lines.append("export PLANLEDGER_LEDGER=demo.sqlite")
        }
        lines += [
            "planledger show rutin-overgripande-handlingsplan --version 3",
            "planledger chain strategisk-plan-2017",
            "planledger history rutin-overgripande-handlingsplan",
            "planledger diary --from 2023-01-01 --to 2023-12-31 --format csv",
            "planledger assignments --overdue --format json",
            "planledger process planeringsprocess-2024 --as-of 2023-10-15 --format json",
            "planledger search \"tillgänglighet vård\" --format json",
            "planledger export | head -3",
            "planledger revise rutin-overgripande-handlingsplan --version 5 --change \"Ny revidering\" --approved-by Regiondirektör --effective 2026-11-25",
        ]
        return lines.joined(separator: "\n")
    }
}
