import Foundation

/// Runs the built `planledger` executable as a user would, capturing its output and exit status.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum CommandRunner {
    /// The `planledger` binary next to the test bundle (SwiftPM builds it with the tests).
    public static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["PLANLEDGER_BIN"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("planledger")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return argv0.appendingPathComponent("planledger")
    }

    /// Runs `planledger args…` with `stdin` as standard input; the environment gets a fixed actor unless given.
    public static func run(_ args: [String], stdin: Data = Data(), environment: [String: String] = [:], directory: URL? = nil) throws -> CommandResult {
        try runExecutable(executable.path, args, stdin: stdin, environment: environment, directory: directory)
    }

    /// Runs `/bin/sh -c script` with `$PLANLEDGER` naming the built binary, so that a test can pass arguments
    /// and environment values whose bytes are not UTF-8 (`"$(printf 'Ans\366kan')"`), which `Process`, taking
    /// Swift strings, cannot.
    /// `directory` is the shell's working folder (the test process's when nil).
    public static func runShell(_ script: String, stdin: Data = Data(), environment: [String: String] = [:], directory: URL? = nil) throws -> CommandResult {
        try runExecutable("/bin/sh", ["-c", script], stdin: stdin,
                          environment: environment.merging(["PLANLEDGER": executable.path]) { $1 }, directory: directory)
    }

    /// Runs another program (say, `setpriv … planledger …`) the same way as `run`.
    public static func runExecutable(
        _ path: String, _ args: [String], stdin: Data = Data(), environment: [String: String] = [:], directory: URL? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["PLANLEDGER_ACTOR"] = "registrator:test"
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "PLANLEDGER_LEDGER")
        // English unless a test asks for a locale: the machine running the tests may be set to Swedish.
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] { env.removeValue(forKey: name) }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes while the process runs so that neither fills up and blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        group.enter()
        DispatchQueue.global().async { out = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = errors.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        input.fileHandleForWriting.write(stdin)
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    public static func run(_ args: String..., stdin: String = "", environment: [String: String] = [:]) throws -> CommandResult {
        try run(args, stdin: Data(stdin.utf8), environment: environment)
    }

    public static func run(_ args: [String], environment: [String: String] = [:], directory: URL) throws -> CommandResult {
        try run(args, stdin: Data(), environment: environment, directory: directory)
    }
}

/// A fresh temporary directory, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("planledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
