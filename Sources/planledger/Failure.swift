import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// The SPEC's exit codes.
enum Exit {
    static let verificationFailed = ExitCode(1)
    static let usage = ExitCode(64)
    static let rejected = ExitCode(65)
    static let missing = ExitCode(66)
    static let internalError = ExitCode(70)
    static let cannotCreate = ExitCode(73)
    static let busy = ExitCode(75)
}

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs a command's work, turning store errors into a message on stderr and the SPEC's exit code.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw exit(for: error)
    } catch let error as Rejection {
        throw exit(for: .rejected(error))
    }
}

/// 66 when every problem names something the ledger does not hold (a plan, a seq, an assignment, a dnr), as
/// for a missing ledger or file; else 65. One code per kind of failure, whichever command met it.
func exitCode(for rejection: Rejection) -> ExitCode {
    !rejection.problems.isEmpty && rejection.problems.allSatisfy { $0.kind == .missing } ? Exit.missing : Exit.rejected
}

func exit(for error: StoreError) -> ExitCode {
    switch error {
    case .rejected(let rejection):
        for problem in rejection.problems { printError(problem.description) }
        if rejection.truncated { printError("(stopped after \(Rejection.limit) bad lines)") }
        printError("planledger: nothing was appended (\(rejection.problems.count) problem\(rejection.problems.count == 1 ? "" : "s"))")
        return exitCode(for: rejection)
    case .missing, .unreadable:
        printError("planledger: \(error)")
        return Exit.missing
    case .exists, .readOnly:
        printError("planledger: \(error)")
        return Exit.cannotCreate
    case .busy:
        printError("planledger: \(error)")
        return Exit.busy
    case .notALedger, .newerSchema, .newerProjections, .needsUpgrade, .damagedFile, .damagedRow, .damaged:
        // 65 (EX_DATAERR): the ledger's data cannot be used as it is; never 70, which means a bug in planledger.
        printError("planledger: \(error)")
        return Exit.rejected
    case .invalidQuery:
        printError("planledger: \(error)")
        return Exit.usage
    case .database:
        printError("planledger: \(error)")
        return Exit.internalError
    }
}
