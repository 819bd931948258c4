import Foundation
import Testing
import TestSupport
@testable import planledger

/// `--version` from one constant, and the shipped man page (Tools/man/planledger.1) made from the current help:
/// regenerated here from `planledger --experimental-dump-help` through Tools/plman and compared, so a change to any
/// command's help that is not carried into the page fails this test. Regenerate with the command in
/// Tools/plman/main.swift.
struct ManPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let page = root.appendingPathComponent("Tools/man/planledger.1")

    @Test func versionComesFromTheConstant() throws {
        let r = try CommandRunner.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == PlanledgerVersion.current + "\n")
        #expect(PlanledgerVersion.current.split(separator: ".").count == 3)
        // Only `planledger --version` asks for it: a subcommand's own --version (revise, show) is that command's option.
        let show = try CommandRunner.run(["show", "nope", "--version", "3", "--ledger", "/nonexistent/x.sqlite"])
        #expect(show.status == 66 && show.stdout == "", "\(show.stdout)")
        #expect(try CommandRunner.run(["--version", "--help"]).stdout != PlanledgerVersion.current + "\n")
    }

    @Test func shippedManPageIsCurrent() throws {
        let dump = try CommandRunner.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let plman = CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("plman")
        let process = Process()
        process.executableURL = plman
        process.arguments = ["--version", "planledger " + PlanledgerVersion.current]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(dump.stdout.utf8))
        try input.fileHandleForWriting.close()
        let generated = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let shipped = try String(contentsOf: Self.page, encoding: .utf8)
        #expect(generated == shipped, "Tools/man/planledger.1 is not the page the current help makes; regenerate it (Tools/plman/main.swift)")
        // The page carries what users look up: the version, every command, the exit codes.
        #expect(shipped.contains("planledger \(PlanledgerVersion.current)"))
        for command in ["init", "append", "history", "verify\\-proof", "demo", "keygen"] {
            #expect(shipped.contains(".SS planledger \(command)\n"), "\(command)")
        }
        #expect(shipped.contains("66 ledger, input file, plan"))
    }
}
