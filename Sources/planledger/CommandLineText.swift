import Foundation
import LedgerCore

/// Command-line values and environment variables, checked as file input is (SPEC "Fidelity: what goes in
/// comes out": exit 65, naming the option).
///
/// Swift's `CommandLine.arguments` and `ProcessInfo.environment` repair bytes that are not UTF-8 into
/// U+FFFD without a word, and a repaired value would be hashed into the log forever. So the checks here read
/// the raw bytes the kernel handed over (`CommandLine.unsafeArgv`, `getenv`) before anything decodes them.
enum CommandLineText {
    /// One problem per argument whose bytes are not UTF-8, naming its option: `--title` for `--title VALUE`
    /// and `--title=VALUE`, `argument 2` for a positional one. `arguments` excludes the program name.
    ///
    /// The byte offset is counted within the value (after `--title=`), from 1.
    static func undecodableArguments(_ arguments: [[UInt8]]) -> [Problem] {
        var problems: [Problem] = []
        var afterTerminator = false
        for (index, raw) in arguments.enumerated() {
            var name = "argument \(index + 1)"
            var value = raw
            if !afterTerminator, raw.starts(with: Array("--".utf8)), let equals = raw.firstIndex(of: UInt8(ascii: "=")) {
                name = String(decoding: raw[..<equals], as: UTF8.self)
                value = Array(raw[(equals + 1)...])
            } else if !afterTerminator, index > 0, let option = Self.optionName(arguments[index - 1]) {
                name = option
            }
            if raw == Array("--".utf8) { afterTerminator = true }
            if let bad = UTF8Check.firstInvalidByte(value) {
                problems.append(Problem(field: name, reason: UTF8Check.explain(value, at: bad) + Self.terminalHint))
            }
        }
        return problems
    }

    /// `--title` when `argument` is an option that may take the next argument as its value.
    private static func optionName(_ argument: [UInt8]) -> String? {
        guard argument.count > 1, argument.first == UInt8(ascii: "-"), argument != Array("--".utf8),
            !argument.contains(UInt8(ascii: "="))
        else { return nil }
        return String(decoding: argument, as: UTF8.self)
    }

    /// Where bytes that are not UTF-8 on a command line usually come from.
    static let terminalHint = " (a terminal or script that is not set to UTF-8, e.g. LANG=sv_SE.UTF-8, passes such bytes)"

    /// The process's arguments as the kernel gave them, without the program name.
    static var rawArguments: [[UInt8]] {
        (1..<Int(CommandLine.argc)).compactMap { i in
            CommandLine.unsafeArgv[i].map { pointer in Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))) }
        }
    }

    /// Refuses, with exit 65, a command line holding bytes that are not UTF-8, before any option is decoded.
    static func refuseUndecodableArguments() {
        let problems = undecodableArguments(rawArguments)
        guard !problems.isEmpty else { return }
        for problem in problems { printError(problem.description) }
        printError("planledger: refused: the command line holds text that is not UTF-8; nothing was done")
        exit(Exit.rejected.rawValue)
    }

    /// An environment variable's value as text, refused (a `Rejection` naming the variable) when its raw
    /// bytes are not UTF-8 or hold a control character other than TAB and LF; nil when unset.
    static func environmentText(_ name: String) throws(Rejection) -> String? {
        guard let pointer = getenv(name) else { return nil }
        let bytes = Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
        return try text(bytes, name: name)
    }

    /// Runs `body`, and turns a `Rejection` of a command-line or environment value (not an append: nothing
    /// would have been appended) into its problems on standard error and exit 65.
    static func refusing<T>(_ body: () throws(Rejection) -> T) throws -> T {
        do {
            return try body()
        } catch {
            for problem in error.problems { printError(problem.description) }
            printError("planledger: refused: \(error.problems.count == 1 ? "a value" : "values") not fit for the ledger's text; nothing was done")
            throw Exit.rejected
        }
    }

    /// The bytes as text, or the problem that keeps them from being ledger text, named `name`.
    static func text(_ bytes: [UInt8], name: String) throws(Rejection) -> String {
        if let bad = UTF8Check.firstInvalidByte(bytes) {
            throw Rejection(problems: [Problem(field: name, reason: UTF8Check.explain(bytes, at: bad))])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let problem = TextCheck.problem(in: text, field: name) { throw Rejection(problems: [problem]) }
        return text
    }
}
