import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections
import Logging

/// `--ledger PATH`, else `$PLANLEDGER_LEDGER`, else `./planledger.sqlite`.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file.", discussion: "Defaults to $PLANLEDGER_LEDGER, else ./planledger.sqlite.", valueName: "path"))
    var ledger: String?

    var path: String {
        ledger ?? ProcessInfo.processInfo.environment["PLANLEDGER_LEDGER"] ?? "planledger.sqlite"
    }

    /// Seconds to wait for another process's write lock: `$PLANLEDGER_BUSY_TIMEOUT`, else 30.
    var busyTimeout: Double {
        ProcessInfo.processInfo.environment["PLANLEDGER_BUSY_TIMEOUT"].flatMap(Double.init) ?? 30
    }

    /// The ledger for a command that writes (appends, rebuild, checkpoint): migrated and caught up.
    func open() throws -> Ledger {
        try Ledger.open(at: path, busyTimeout: busyTimeout, environment: .fromProcess, logger: cliLogger, projections: StandardProjections.all)
    }

    /// The ledger for a query: read-only, in snapshots, never waiting for a writer (SPEC, "Fidelity").
    func openForReading(tolerateDamage: Bool = false) throws -> Ledger {
        try Ledger.openForReading(at: path, busyTimeout: busyTimeout, logger: cliLogger, projections: StandardProjections.all,
                                  tolerateDamage: tolerateDamage)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--format table|json|csv`: a table on a terminal, JSON when piped.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv (default: table on a terminal, else json).")
    var format: OutputFormat?

    var resolved: OutputFormat {
        format ?? (isatty(STDOUT_FILENO) != 0 ? .table : .json)
    }
}

extension LedgerEnvironment {
    /// The live clock and ids; tests may pin the clock with `$PLANLEDGER_NOW` (RFC 3339).
    static var fromProcess: LedgerEnvironment {
        var env = LedgerEnvironment.live
        if let text = ProcessInfo.processInfo.environment["PLANLEDGER_NOW"], let fixed = Timestamp(rfc3339: text) {
            env.now = { fixed }
        }
        return env
    }
}

/// The store's log: warnings and errors only, unless `$PLANLEDGER_LOG_LEVEL` asks for more (e.g. `debug`).
let cliLogger: Logger = {
    var logger = Logger(label: "planledger")
    logger.logLevel = ProcessInfo.processInfo.environment["PLANLEDGER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// Who records events: `$PLANLEDGER_ACTOR`, else the OS user.
var defaultActor: String {
    let env = ProcessInfo.processInfo.environment
    if let actor = env["PLANLEDGER_ACTOR"], !actor.isEmpty { return actor }
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return env["USER"] ?? "unknown"
}

/// `--as-of D` (valid time) and `--known-at K` (transaction time: a seq, or an RFC 3339 instant meaning the
/// last seq recorded at or before it). Both default to now.
struct TimeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The world as decided on this date (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Only what the ledger had recorded then: a seq (42) or a time (2016-01-01T00:00:00Z); default now.", valueName: "seq|time"))
    var knownAt: String?

    func validate() throws {
        if let asOf, LedgerDate(iso: asOf) == nil {
            throw ValidationError("--as-of: expected a real date YYYY-MM-DD, got \"\(asOf)\"")
        }
        if let knownAt, Int(knownAt).map({ $0 < 0 }) ?? (Timestamp(rfc3339: knownAt) == nil) {
            throw ValidationError("--known-at: expected a seq (0, 1, 2 …) or an RFC 3339 time like 2016-01-01T00:00:00Z, got \"\(knownAt)\"")
        }
    }

    var date: LedgerDate { asOf.flatMap(LedgerDate.init(iso:)) ?? today }

    var known: KnownAt {
        guard let knownAt else { return .head }
        if let seq = Int(knownAt) { return .seq(seq) }
        return Timestamp(rfc3339: knownAt).map(KnownAt.instant) ?? .head
    }
}

/// Today's date where the user is (the machine's time zone), from the same clock as appends.
var today: LedgerDate {
    let now = LedgerEnvironment.fromProcess.now()
    let date = Date(timeIntervalSince1970: Double(now.millisecondsSinceEpoch) / 1000)
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
    return LedgerDate(year: parts.year!, month: parts.month!, day: parts.day!)!
}
